"""A whole web page rendered to text, for the page-mode tests of clean and the CLI (issue 11).

The fictional Tagus Ledger, one block per line as a text export of a crawl gives it, around the
example corpus's wire story (the Alcova Dam, examples/01-wire-iberia-press.txt), written for the
tests: navigation, the headline with a by-line and share buttons, the article (a dateline, a quoted
one-liner and a sub-head among the paragraphs), related stories, comments and a footer with a
cookie banner.
"""

PAGE_HEAD = """Skip to main content
The Tagus Ledger
Home
World
Europe
Politics
Business
Climate
Sport
Culture
Opinion
Subscribe
Sign in
Europe
Hundreds flee as Alcova Dam wall gives way in southern Portugal
By Marta Soares
Published 4 November 2025
Share
Facebook
Twitter
Email"""
PAGE_ARTICLE = """VILA SERENA, Portugal —
A section of the Alcova Dam collapsed before dawn on Tuesday after a week of heavy rain, forcing around 1,200 residents of the town of Vila Serena to leave their homes, Portuguese officials said.
Portuguese Interior Minister Helena Duarte said 3,500 troops had been sent to the Serrão valley to shore up embankments and help with the evacuation, and that the army would stay as long as it was needed.
“Nobody in Vila Serena will be left behind.”
Mayor Rui Albergaria said the alarm sounded shortly after four in the morning, and that most families had left by six with whatever they could carry to the school on the hill above the town.
Help from Spain
Portugal asked Spain for help on Tuesday morning, and Madrid sent 120 rescue workers and six high-capacity pumps across the border before noon, Spanish officials said.
Advertisement
Two people were reported missing. Tens of thousands of households in fourteen villages downstream were without drinking water, the regional water company said.
According to Paulo Neves, an engineer at the National Dam Safety Laboratory, the spillway had not been fully inspected since 2019, and the remaining wall could still fail if the rain continued."""
PAGE_RELATED = """Related stories
Lisbon tram fares to rise in January
Fishermen in the Algarve report record sardine catch
Storm warnings for the Douro valley"""
PAGE_COMMENTS = """Comments (3)
Ana Pires said,
This is terrible news and I hope that everyone in the town is safe tonight, and that the army can hold the banks until the rain stops.
Reply
João Mendes said,
The dam was built in the seventies and everyone in the valley knew that the spillway needed work, so somebody should answer for this.
Reply
Rui Costa said,
Thoughts with the families of the two people who are missing, and with everyone who has had to leave their home.
Reply"""
PAGE_FOOT = """This site uses cookies and similar technologies to personalise the content and the adverts you see and to analyse our traffic, as described in our cookie notice.
About us
Contact
Careers
Privacy policy
Terms of use
© 2025 The Tagus Ledger"""

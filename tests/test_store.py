from newsprism.records import (
    Article, ArticleFacts, Descriptor, Entity, Figure, Quote, RemovedLine, Span, Rejection,
)
from newsprism.store import Store


def _article(text="Officials said 40 people died.", aid="a1"):
    return Article(id=aid, text=text, source="x.txt", format="text", title="T",
                   removed=(RemovedLine(line_no=3, text="PREV junk", reason="navigation"),))


def _facts(aid="a1"):
    ent = Entity(id=f"{aid}:e0", name="Officials", label="ORG", mentions=(Span(aid, 0, 9),),
                 descriptors=(Descriptor(text="local", kind="affiliation", span=Span(aid, 0, 9)),))
    return ArticleFacts(
        article_id=aid,
        sentences=(Span(aid, 0, 30),),
        entities=(ent,),
        quotes=(Quote(span=Span(aid, 15, 29), direct=False, speaker=ent.id, speaker_name="Officials", cue="say"),),
        figures=(Figure(span=Span(aid, 15, 24), value=40.0, unit="people"),),
    )


def test_roundtrip_article_and_facts(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert store.save_article(_article(), _facts()) is True
        assert store.has_article("a1")
        art = store.article("a1")
        assert art.removed[0].reason == "navigation"
        facts = store.facts("a1")
        assert facts == _facts()
        assert facts.figures[0].span.text(art.text) == "40 people"
        rows = store.db.execute("SELECT text FROM quotes").fetchall()
        assert [r[0] for r in rows] == ["40 people died"]


def test_saving_twice_is_a_no_op(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.save_article(_article(), _facts())
        assert store.save_article(_article(), _facts()) is False
        assert store.count_articles() == 1
        assert store.db.execute("SELECT count(*) FROM mentions").fetchone()[0] == 1


def test_failed_write_leaves_nothing(tmp_path):
    bad = ArticleFacts(article_id="a1", figures=(Figure(span=Span("a1", 0, 1), value=1.0, unit=None),))
    with Store(tmp_path / "s.db") as store:
        try:
            store.save_article(_article(), bad)  # unit NOT NULL violates the schema mid-transaction
        except Exception:
            pass
        assert not store.has_article("a1")
        assert store.db.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
        assert store.db.execute("SELECT count(*) FROM removed_lines").fetchone()[0] == 0


def test_rejections_are_kept(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.save_rejection(Rejection(source="f.jsonl", record=3, stage="ingest", reason="invalid-json"))
        assert str(store.rejections()[0]) == "f.jsonl#3: invalid-json"


def test_wal_mode(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

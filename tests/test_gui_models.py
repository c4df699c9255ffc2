# ruff: noqa: F811  (pytest fixtures imported from gui_fixtures are redefined as arguments)
"""Every custom Qt model passes pytest-qt's qtmodeltester (with data, after a reset and a retranslation)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from gui_fixtures import gui_demo_db, gui_demo_master  # noqa: E402,F401


def _rows(db_path):
    from database import Store

    with Store(db_path) as store:
        return store.institutions.rows()


def test_institution_model_and_proxy(qtmodeltester, gui_demo_db):
    from app.gui.institution_models import InstitutionFilterProxy, InstitutionTableModel
    from app.gui.texts import UiTexts

    texts = UiTexts("zh")
    model = InstitutionTableModel(texts)
    qtmodeltester.check(model)  # empty
    model.set_rows(_rows(gui_demo_db))
    assert model.rowCount() > 100
    qtmodeltester.check(model)
    proxy = InstitutionFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_filters(country="RU", kind="offer")
    proxy.sort(1)
    qtmodeltester.check(proxy)
    assert 0 < proxy.rowCount() < model.rowCount()
    texts.set_language("ru")
    model.retranslate()
    qtmodeltester.check(model)


def test_match_and_rows_models(qtmodeltester, gui_demo_db):
    from app.gui.executor import StoreContext
    from app.gui.import_wizard import RowsTableModel
    from app.gui.match_models import MatchResultModel
    from app.gui.match_ops import MatchQuery, run_query
    from app.gui.texts import UiTexts

    ctx = StoreContext()
    store = ctx.open(gui_demo_db)
    try:
        result = run_query(store, ctx, MatchQuery(mode="text", text="需要锂离子电池储能技术", top=8))
    finally:
        ctx.close()
    model = MatchResultModel(UiTexts("en"))
    qtmodeltester.check(model)
    model.set_result(result)
    assert model.rowCount() == len(result.matches) > 0
    qtmodeltester.check(model)

    rows = RowsTableModel(["a", "b", "c"])
    qtmodeltester.check(rows)
    rows.set_rows([("1", "x", "y"), ("2", "z", "w")], {1})
    qtmodeltester.check(rows)


def test_institution_model_sorts_itself_and_persistent_indexes_follow_their_rows(qtmodeltester, gui_demo_db):
    from PySide6.QtCore import QPersistentModelIndex, Qt

    from app.gui.institution_models import COLUMNS, REF_ROLE, InstitutionFilterProxy, InstitutionTableModel
    from app.gui.texts import UiTexts

    model = InstitutionTableModel(UiTexts("en"))
    model.set_rows(_rows(gui_demo_db))
    proxy = InstitutionFilterProxy()
    proxy.setSourceModel(model)
    kept = QPersistentModelIndex(proxy.index(5, 0))
    ref = kept.data(REF_ROLE)
    offers = COLUMNS.index("offers")
    proxy.sort(offers, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy)
    values = [proxy.index(r, offers).data() for r in range(proxy.rowCount())]
    assert values == sorted(values, reverse=True) and values[0] > values[-1]
    assert kept.isValid() and kept.data(REF_ROLE) == ref  # a selection stays on its institution
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    names = [proxy.index(r, 0).data().casefold() for r in range(proxy.rowCount())]
    assert names == sorted(names)
    # filtering keeps the model's order
    proxy.set_filters(country="CN")
    names_cn = [proxy.index(r, 0).data().casefold() for r in range(proxy.rowCount())]
    assert names_cn == sorted(names_cn) and 0 < len(names_cn) < len(names)

"""Chinese and Japanese text breaks between characters, never before a closing mark nor after an
opening one; any other text wraps exactly as Rich wraps it."""

from __future__ import annotations

import pytest
import rich.text
from hypothesis import example, given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

import glossary.views  # noqa: F401  (puts the line breaking in place)
from glossary.views.linebreaks import NO_END, NO_START, line_breaks

PIECES = [*"一番小さくシンプルなオブジェクト中文字元素。、「」（）ーっ 　abcXYZ.,!?-", "Pod", "  "]
CJK_TEXT = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)


def wrapped(text: str, width: int) -> list[str]:
    console = Console(width=width, no_color=True, highlight=False, markup=False, emoji=False)
    with console.capture() as capture:
        console.print(Text(text))
    return capture.get().splitlines()


@given(CJK_TEXT, st.integers(2, 100))
@example("「一ェ", 4)  # a fold that keeps ェ with 一 would leave 「 alone at a line's end
def test_lines_fit_keep_every_character_and_follow_the_marks(text: str, width: int) -> None:
    breaks = line_breaks(text, width)
    assert breaks == sorted(set(breaks)) and all(0 < at < len(text) for at in breaks)
    starts = [0, *breaks]
    for start, end in zip(starts, [*breaks, len(text)], strict=True):
        line = text[start:end]
        assert cell_len(line.rstrip()) <= width or (len(line.strip()) == 1)
    for at in breaks:
        if text[at] in NO_START or text[at - 1] in NO_END:  # only where nothing else was possible: a fold
            line_start = max((b for b in starts if b < at), default=0)
            assert cell_len(text[line_start:at]) >= width - 1


def test_japanese_fills_its_lines_and_no_line_starts_with_a_stop() -> None:
    text = (
        "一番小さく一番シンプルな Kubernetes のオブジェクト。Pod とはクラスターで動作しているいくつかの"
        "コンテナのまとまりです。通常、Pod は一つの主コンテナを実行するように設定されます。"
    )
    lines = wrapped(text, 40)
    assert all(cell_len(line) <= 40 for line in lines)
    assert not any(line.lstrip()[:1] in NO_START for line in lines)
    assert all(cell_len(line) >= 36 for line in lines[:-1])  # no line cut short at a space
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


@given(st.text(alphabet=st.characters(max_codepoint=0x2E7F), max_size=200), st.integers(1, 100), st.booleans())
def test_other_text_wraps_as_rich_wraps_it(text: str, width: int, fold: bool) -> None:
    divide = rich.text.divide_line
    assert divide(text, width, fold) == divide.rich_divide(text, width, fold)  # type: ignore[attr-defined]


def test_show_breaks_japanese_between_characters(cli, k8s) -> None:
    out = cli("-d", str(k8s), "show", "pod", "--lang", "ja", env={"COLUMNS": "60"}).stdout
    lines = out.splitlines()
    assert all(cell_len(line) <= 60 for line in lines)
    assert not any(line.startswith(("。", "、")) for line in lines)
    assert "一番小さく一番シンプルなKubernetesのオブジェクト。Podとはク" in lines  # filled to the width


def lines_of(text: str, width: int) -> list[str]:
    starts = [0, *line_breaks(text, width)]
    return [text[start:end] for start, end in zip(starts, [*starts[1:], len(text)], strict=True)]


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        # a quoted term stays whole: a line never ends on an opening quote nor starts with a closing one
        ('用語 "Attribute" 7, "属性" 2 が', 18, ['用語 "Attribute" ', '7, "属性" 2 が']),
        # a term a report quotes breaks only at its spaces
        ('called "伸缩容器" in zh-cn', 12, ["called ", '"伸缩容器" ', "in zh-cn"]),
        # a quoted term wider than the line folds, but not before its prolonged sound mark
        ('called "コントローラー" in ja', 14, ["called ", '"コントロー', 'ラー" in ja']),
        # after a space a Latin word may start a line with a mark, as Rich would put it
        ("日本語 aaaaaaaaaaaaaaa !important", 22, ["日本語 aaaaaaaaaaaaaaa ", "!important"]),
        # a combining sound mark stays with its kana (が written as か and U+3099)
        ("ああか\u3099。", 6, ["ああ", "か\u3099。"]),
        # Korean spaces its words: no break between Hangul and a Han character
        ("가 한국어漢字", 10, ["가 ", "한국어漢字"]),
    ],
)
def test_marks_quotes_and_joined_characters_stay_together(text: str, width: int, expected: list[str]) -> None:
    assert lines_of(text, width) == expected

"""Language tags: keys, the locale's language, and matching a wanted tag against the folders."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossary.languages import extending, lang_key, locale_tag, match_language


@pytest.mark.parametrize(
    ("tag", "key"),
    [
        ("fi", "fi"),
        (" fi ", "fi"),
        ("EN", "en"),
        ("zh_CN", "zh-cn"),
        ("zh-CN", "zh-cn"),
        ("ZH-CN", "zh-cn"),
        ("pt_BR", "pt-br"),
        ("nb", "no"),
        ("NB", "no"),
        ("No", "no"),
        ("nb-NO", "no-no"),
        (" en-US ", "en-us"),
    ],  # fmt: skip
)
def test_tags_have_one_key_whatever_their_case_and_separator(tag, key):
    assert lang_key(tag) == key


@pytest.mark.parametrize(
    ("environ", "tag"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh-cn"),
        ({"LANG": "pt_BR.UTF-8"}, "pt-br"),
        ({"LANG": "en_US.UTF-8"}, "en-us"),
        ({"LANG": "nb_NO.UTF-8"}, "no-no"),
        ({"LANG": "fi_FI@euro"}, "fi-fi"),
        ({"LANG": "de"}, "de"),
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "POSIX"}, None),
        ({"LC_ALL": "ja_JP.UTF-8", "LANG": "fi_FI.UTF-8"}, "ja-jp"),
        ({"LC_MESSAGES": "ko_KR.UTF-8", "LANG": "fi_FI.UTF-8"}, "ko-kr"),
        ({"LC_ALL": "C", "LANG": "fi_FI.UTF-8"}, None),
        ({"LANG": "../../etc"}, None),
        ({}, None),
    ],
)
def test_the_locale_names_a_language_with_its_region(environ, tag):
    assert locale_tag(environ) == tag


KUBERNETES = {"en", "zh-cn", "pt-br", "ja", "ko", "fr", "bn"}
MDN = {"en-us", "de", "zh-cn", "zh-tw", "pt-br", "ja"}


@pytest.mark.parametrize(
    ("wanted", "keys", "found"),
    [
        ("zh_CN", KUBERNETES, "zh-cn"),
        ("en-US", KUBERNETES, "en"),  # the locale's region cut: en_US finds en
        ("pt", KUBERNETES, "pt-br"),  # the only Portuguese folder
        ("en", MDN, "en-us"),
        ("en-gb", MDN, "en-us"),  # cut to en, then its only regional folder
        ("zh", MDN, None),  # zh-cn and zh-tw: ambiguous
        ("zh-hant-tw", {"zh-hant", "zh"}, "zh-hant"),
        ("nb", {"no", "fi"}, "no"),
        ("no-no", {"no", "fi"}, "no"),
        ("sv", KUBERNETES, None),
        ("e", {"en-us"}, None),
    ],
)
def test_a_wanted_tag_finds_its_folder_as_rfc_4647_lookup_does(wanted, keys, found):
    assert match_language(wanted, keys) == found


@pytest.mark.parametrize(
    ("wanted", "keys", "found"),
    [
        ("en", MDN, "en-us"),
        ("EN-us", MDN, "en-us"),
        ("en-gb", MDN, None),
        ("en-us", KUBERNETES, None),
        ("zh", MDN, None),
    ],
)
def test_a_typed_language_is_matched_strictly(wanted, keys, found):
    assert match_language(wanted, keys, strict=True) == found


def test_extending_names_the_regional_folders():
    assert extending("zh", MDN) == ["zh-cn", "zh-tw"]
    assert extending("en", KUBERNETES) == []


@given(st.text(max_size=20), st.sets(st.sampled_from(sorted(KUBERNETES | MDN))))
def test_a_match_is_always_one_of_the_folders(wanted, keys):
    for strict in (False, True):
        found = match_language(wanted, keys, strict=strict)
        assert found is None or found in keys

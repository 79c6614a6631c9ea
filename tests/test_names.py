"""The one rule that makes IRIs and search keys from Vietnamese names (``ontology.names``), on real names."""

from __future__ import annotations

import pytest

from ontology.names import ascii_name, fold, slug

NAMES = [
    # name as reports write it                                     slug
    ("Quảng Nam", "quang-nam"),
    ("Đà Nẵng", "da-nang"),
    ("ĐẮK LẮK", "dak-lak"),
    ("Thừa Thiên Huế", "thua-thien-hue"),
    ("Bà Rịa – Vũng Tàu", "ba-ria-vung-tau"),
    ("Thành phố Hồ Chí Minh", "thanh-pho-ho-chi-minh"),
    ("Sơn La", "son-la"),
    ("Hệ thống quản lý văn bản và điều hành (QLVBĐH)", "he-thong-quan-ly-van-ban-va-dieu-hanh-qlvbdh"),
    ("Trục liên thông văn bản quốc gia", "truc-lien-thong-van-ban-quoc-gia"),
    ("Cổng Dịch vụ công & Hệ thống một cửa điện tử", "cong-dich-vu-cong-he-thong-mot-cua-dien-tu"),
    ("Nền tảng tích hợp, chia sẻ dữ liệu (LGSP) tỉnh", "nen-tang-tich-hop-chia-se-du-lieu-lgsp-tinh"),
    ("Khu ½ Trung tâm IOC 4.0", "khu-1-2-trung-tam-ioc-4-0"),
    ("Q-Office", "q-office"),
    ("  --  ", ""),
]


@pytest.mark.parametrize(("name", "expected"), NAMES)
def test_slug(name, expected):
    assert slug(name) == expected
    assert slug(name).isascii()


@pytest.mark.parametrize(("name", "expected"), NAMES)
def test_fold_is_the_slug_with_spaces(name, expected):
    assert fold(name) == expected.replace("-", " ")


def test_a_long_name_is_cut_without_a_dangling_hyphen():
    name = "Hệ thống thông tin giải quyết thủ tục hành chính cấp tỉnh kết nối Cổng Dịch vụ công quốc gia"
    cut = slug(name, max_length=48)
    assert len(cut) <= 48 and not cut.endswith("-")
    assert slug(name).startswith(cut)
    assert slug("Hệ thống thông tin giải quyết thủ tục", max_length=14) == "he-thong-thong"


@pytest.mark.parametrize(("name", "expected"), [
    ("Đà Nẵng", "Da Nang"), ("Bà Rịa – Vũng Tàu", "Ba Ria – Vung Tau"), ("Thừa Thiên Huế", "Thua Thien Hue"),
])
def test_ascii_name_keeps_case_and_punctuation(name, expected):
    assert ascii_name(name) == expected

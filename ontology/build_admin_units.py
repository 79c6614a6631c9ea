"""Generate ontology/admin-units.ttl: Viet Nam and its provincial-level units, before and after 2025.

The .ttl file is generated: edit the tables below, never the .ttl, then re-run

    .venv/bin/python ontology/build_admin_units.py          # rewrite ontology/admin-units.ttl
    .venv/bin/python ontology/build_admin_units.py --check  # exit 1 if the file is out of date

Output is deterministic (fixed order, no blank nodes, no timestamps). Standard library only.

What it models (domain.md §4.1; merger map checked against NQ 202/2025/QH15 Điều 1):
- 63 units valid on 2025-06-30 (57 provinces + 6 centrally-run cities, Huế counted as a city since
  1/1/2025) and 34 units valid on 2025-07-01 (28 provinces + 6 cities).
- 11 units were not merged: one individual each, with no validTo.
- 52 units were merged into 23 new units. Each new unit has validFrom 2025-07-01; each merged unit has
  validTo 2025-06-30, mergedInto the new unit and governedBy NQ 202/2025/QH15. The resolution took
  effect on adoption (12/6/2025) but the new local governments started on 1/7/2025, so 1/7 is used.
- Slug rule: the unit's name without its administrative prefix ("tỉnh", "thành phố"), đ → d,
  diacritics removed, lower-cased, every run of other characters → "-"
  ("thành phố Hồ Chí Minh" → ho-chi-minh, "tỉnh Bà Rịa - Vũng Tàu" → ba-ria-vung-tau).
  Every new unit reuses the name of one of the units it absorbed; the new unit gets the plain slug and
  the old one NAME-pre-2025 (da-nang = the city since 1/7/2025, da-nang-pre-2025 = the city before).
- Huế: "tỉnh Thừa Thiên Huế" became the centrally-run "thành phố Huế" on 1/1/2025
  (NQ 175/2024/QH15, 30/11/2024) with the same territory. That was a change of status, not a merger:
  thua-thien-hue has validTo 2024-12-31 and egov:replacedBy hue; hue has validFrom 2025-01-01, no
  validTo, and is one of the 11 units the 2025 reform left unchanged.
- Area (km²) and population only where domain.md gives a verified figure; nothing is estimated.
- Names keep their diacritics in both languages: the English label of Quảng Nam is "Quảng Nam" (a proper name is
  not translated, and stripping its marks makes another word); the forms without diacritics ("Quang Nam",
  "Quang Nam Province"), as English texts write them, are English altLabels, so search and the text loader find them.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from ontology.names import ascii_name, slug

OUTPUT = Path(__file__).with_name("admin-units.ttl")

NQ_202 = "doc:nq-202-2025-qh15"  # Nghị quyết 202/2025/QH15 (12/6/2025), the 2025 provincial merger
NQ_175 = "doc:nq-175-2024-qh15"  # Nghị quyết 175/2024/QH15 (30/11/2024), thành phố Huế
MERGED_TO = "2025-06-30"
MERGED_FROM = "2025-07-01"

# Centrally-run cities (thành phố trực thuộc trung ương). The status of a name is the same before and
# after the 2025 reform; Huế is a city from 1/1/2025 (its predecessor Thừa Thiên Huế was a province).
CENTRALLY_RUN = {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}

# The 11 units the 2025 reform did not merge (domain.md §4.1 [V]).
UNCHANGED = [
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa",
    "Nghệ An", "Hà Tĩnh", "Cao Bằng",
]

# New unit (from 1/7/2025) → the pre-2025 units merged into it, north to south (NQ 202/2025/QH15 Điều 1).
MERGERS = {
    "Tuyên Quang": ["Hà Giang", "Tuyên Quang"],
    "Lào Cai": ["Yên Bái", "Lào Cai"],
    "Thái Nguyên": ["Bắc Kạn", "Thái Nguyên"],
    "Phú Thọ": ["Vĩnh Phúc", "Hòa Bình", "Phú Thọ"],
    "Bắc Ninh": ["Bắc Giang", "Bắc Ninh"],
    "Hưng Yên": ["Thái Bình", "Hưng Yên"],
    "Hải Phòng": ["Hải Dương", "Hải Phòng"],
    "Ninh Bình": ["Hà Nam", "Nam Định", "Ninh Bình"],
    "Quảng Trị": ["Quảng Bình", "Quảng Trị"],
    "Đà Nẵng": ["Quảng Nam", "Đà Nẵng"],
    "Quảng Ngãi": ["Kon Tum", "Quảng Ngãi"],
    "Gia Lai": ["Bình Định", "Gia Lai"],
    "Khánh Hòa": ["Ninh Thuận", "Khánh Hòa"],
    "Lâm Đồng": ["Đắk Nông", "Bình Thuận", "Lâm Đồng"],
    "Đắk Lắk": ["Phú Yên", "Đắk Lắk"],
    "Hồ Chí Minh": ["Bình Dương", "Bà Rịa - Vũng Tàu", "Hồ Chí Minh"],
    "Đồng Nai": ["Bình Phước", "Đồng Nai"],
    "Tây Ninh": ["Long An", "Tây Ninh"],
    "Cần Thơ": ["Sóc Trăng", "Hậu Giang", "Cần Thơ"],
    "Vĩnh Long": ["Bến Tre", "Trà Vinh", "Vĩnh Long"],
    "Đồng Tháp": ["Tiền Giang", "Đồng Tháp"],
    "Cà Mau": ["Bạc Liêu", "Cà Mau"],
    "An Giang": ["Kiên Giang", "An Giang"],
}

# Figures for new units, only those domain.md §4.1 gives from a retrieved source. Left out on purpose:
# Đà Nẵng population (two conflicting [U] figures), Ninh Bình area and population (approximate / [U]).
AREA_KM2 = {"Đà Nẵng": "11859.6", "An Giang": "9888.9"}
POPULATION = {"An Giang": 4952238}

# "Hồ Chí Minh" alone names the person; the city is always written in full.
LABEL_OVERRIDES = {"Hồ Chí Minh": ("Thành phố Hồ Chí Minh", "Hồ Chí Minh City")}
EXTRA_ALT_LABELS = {"Hà Nội": [("Hanoi", "en")]}


@dataclass(frozen=True)
class Unit:
    name: str  # Vietnamese name without "tỉnh" / "thành phố"
    slug: str
    centrally_run: bool
    valid_from: str | None = None
    valid_to: str | None = None
    merged_into: str | None = None
    replaced_by: str | None = None
    governed_by: str | None = None
    comment_en: str | None = None
    comment_vi: str | None = None

    def labels(self) -> list[tuple[str, str]]:
        vi, en = LABEL_OVERRIDES.get(self.name, (self.name, self.name))
        return [(vi, "vi"), (en, "en")]

    def alt_labels(self) -> list[tuple[str, str]]:
        vi = ("thành phố " if self.centrally_run else "tỉnh ") + self.name
        en = self.name + (" City" if self.centrally_run else " Province")
        alts = [(vi, "vi"), (en, "en"), (ascii_name(en_name(self.name)), "en"), (ascii_name(en), "en")]
        alts += [(ascii_name(self.name), "en")] + EXTRA_ALT_LABELS.get(self.name, [])
        return [alt for alt in dict.fromkeys(alts) if alt not in self.labels()]


def en_name(name: str) -> str:
    """The English name: the Vietnamese one, diacritics kept ("Quảng Nam", "Hồ Chí Minh City")."""
    return LABEL_OVERRIDES[name][1] if name in LABEL_OVERRIDES else name


def full_vi(name: str) -> str:
    return ("thành phố " if name in CENTRALLY_RUN else "tỉnh ") + name


def join(items: list[str], word: str) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


def build_units() -> list[list[Unit]]:
    """The units in output order, grouped: unchanged units first, then one group per merger."""
    check_tables()
    unchanged = []
    for name in UNCHANGED:
        if name == "Huế":
            unchanged.append(Unit(
                "Huế", "hue", True, valid_from="2025-01-01",
                comment_en="Centrally-run city since 1 January 2025, on the territory of the former"
                           " Thừa Thiên Huế province (NQ 175/2024/QH15).",
                comment_vi="Thành phố trực thuộc trung ương từ ngày 1/1/2025, trên cơ sở toàn bộ tỉnh"
                           " Thừa Thiên Huế (Nghị quyết 175/2024/QH15)."))
            unchanged.append(Unit(
                "Thừa Thiên Huế", "thua-thien-hue", False, valid_to="2024-12-31",
                replaced_by="hue", governed_by=NQ_175,
                comment_en="Province until 31 December 2024; became the centrally-run city of Huế.",
                comment_vi="Tỉnh đến hết ngày 31/12/2024; trở thành thành phố Huế trực thuộc trung ương."))
        else:
            unchanged.append(Unit(name, slug(name), name in CENTRALLY_RUN))
    groups = [unchanged]
    for new, parts in MERGERS.items():
        new_slug = slug(new)
        group = [Unit(
            new, new_slug, new in CENTRALLY_RUN, valid_from=MERGED_FROM,
            comment_en=f"Formed from {join([en_name(p) for p in parts], 'and')}"
                       " under NQ 202/2025/QH15, in place from 1 July 2025.",
            comment_vi=f"Hình thành từ ngày 1/7/2025 trên cơ sở {join([full_vi(p) for p in parts], 'và')}"
                       " (Nghị quyết 202/2025/QH15).")]
        for part in parts:
            reused = part == new
            group.append(Unit(
                part, f"{new_slug}-pre-2025" if reused else slug(part), part in CENTRALLY_RUN,
                valid_to=MERGED_TO, merged_into=new_slug, governed_by=NQ_202,
                comment_en=f"{en_name(part)} as it was before the 1 July 2025 merger." if reused else None,
                comment_vi=f"{full_vi(part)[0].upper()}{full_vi(part)[1:]} trước khi sắp xếp ngày 1/7/2025."
                if reused else None))
        groups.append(group)
    return groups


def check_tables() -> None:
    """Refuse tables that contradict domain.md §4.1 (63 → 34: 11 unchanged, 52 merged into 23)."""
    merged = [p for parts in MERGERS.values() for p in parts]
    before = UNCHANGED + merged
    problems = {
        "expected 11 unchanged, 23 new and 52 merged units": (len(UNCHANGED), len(MERGERS), len(merged)) != (11, 23, 52),
        "a pre-2025 unit is listed twice": len(set(before)) != 63,
        "a new unit does not reuse a merged unit's name": any(new not in parts for new, parts in MERGERS.items()),
        "two pre-2025 units share a slug": len({slug(n) for n in before}) != 63,
        "expected 6 centrally-run cities after 2025": sum(n in CENTRALLY_RUN for n in UNCHANGED + list(MERGERS)) != 6,
    }
    failed = [message for message, bad in problems.items() if bad]
    if failed:
        raise ValueError("; ".join(failed))


def literal(text: str, lang: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + f'"@{lang}'


def unit_turtle(u: Unit) -> str:
    lines = [
        f"province:{u.slug} a egov:Province ;",
        "    rdfs:label " + " , ".join(literal(t, lang) for t, lang in u.labels()) + " ;",
        "    skos:altLabel " + " , ".join(literal(t, lang) for t, lang in u.alt_labels()) + " ;",
    ]
    if u.comment_en:
        lines.append(f"    rdfs:comment {literal(u.comment_en, 'en')} , {literal(u.comment_vi, 'vi')} ;")
    lines += [
        f'    egov:slug "{u.slug}" ;',
        "    egov:level level:province ;",
        "    egov:partOf nation:viet-nam ;",
        f"    egov:centrallyRun {'true' if u.centrally_run else 'false'} ;",
    ]
    if u.valid_from:
        lines.append(f'    egov:validFrom "{u.valid_from}"^^xsd:date ;')
    if u.valid_to:
        lines.append(f'    egov:validTo "{u.valid_to}"^^xsd:date ;')
    if u.merged_into:
        lines.append(f"    egov:mergedInto province:{u.merged_into} ;")
    if u.replaced_by:
        lines.append(f"    egov:replacedBy province:{u.replaced_by} ;")
    if u.governed_by:
        lines.append(f"    egov:governedBy {u.governed_by} ;")
    if u.name in AREA_KM2 and u.valid_from == MERGED_FROM:
        lines.append(f"    egov:area {AREA_KM2[u.name]} ;")
    if u.name in POPULATION and u.valid_from == MERGED_FROM:
        lines.append(f"    egov:population {POPULATION[u.name]} ;")
    lines[-1] = lines[-1][:-2] + " ."
    return "\n".join(lines) + "\n"


HEADER = """\
# GENERATED by ontology/build_admin_units.py: do not edit by hand; edit the script and re-run it.
# Viet Nam's provincial-level units before and after the 2025 reform (NQ 202/2025/QH15).
# 63 units valid on 2025-06-30, 34 valid from 2025-07-01; see the script's docstring for the rules.

@prefix egov: <https://w3id.org/egovkg/ontology#> .
@prefix nation: <https://w3id.org/egovkg/id/nation/> .
@prefix province: <https://w3id.org/egovkg/id/province/> .
@prefix level: <https://w3id.org/egovkg/id/level/> .
@prefix doc: <https://w3id.org/egovkg/id/document/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

nation:viet-nam a egov:Nation ;
    rdfs:label "Việt Nam"@vi , "Viet Nam"@en .
"""


def render() -> str:
    unchanged, *mergers = build_units()
    parts = [HEADER, "\n# ---- The 11 units not merged in 2025 (and Thừa Thiên Huế, Huế's predecessor) ----\n"]
    parts += ["\n" + unit_turtle(u) for u in unchanged]
    for group in mergers:
        new, *old = group
        parts.append(f"\n# ---- {full_vi(new.name)} ← {', '.join(u.name for u in old)} ----\n")
        parts += ["\n" + unit_turtle(u) for u in group]
    return "".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is not up to date")
    args = parser.parse_args()
    text = render()
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else None
        if current != text:
            print(f"{OUTPUT} is out of date: run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

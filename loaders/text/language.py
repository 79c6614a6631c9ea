"""The language rules of the report-text loader, as data tables in one place.

What a *system* is called comes from the ontology (labels and ``skos:altLabel``), never from here.
This module holds only how Vietnamese (and English) report prose works: abbreviations that stand for
common words, the head nouns that introduce a named system, the cue words that state a link, the
words that qualify or disqualify a number, and the few domain rules that turn a cue plus the kinds
of the two systems into an ontology relation. Words are written as in a report (lower case,
with diacritics) and compared with the report's words lower-cased; in a report typed without
diacritics both sides are folded (see ``keyed``), so the rules hold either way. Abbreviations and
the head-related tables are written folded, as the lexicon is.

Nothing here names a report, a province or a sentence: the tables describe the genre.
"""

from __future__ import annotations

# -- word-level normalisation ---------------------------------------------------------------------

#: abbreviations that stand for common words inside longer names ("Cổng DVC" = "Cổng dịch vụ công"),
#: expanded on both the text and the lexicon side so either spelling matches the other
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "csdl": ("co", "so", "du", "lieu"),
    "dvc": ("dich", "vu", "cong"),
    "dvctt": ("dich", "vu", "cong", "truc", "tuyen"),
    "ttdt": ("thong", "tin", "dien", "tu"),
    "httt": ("he", "thong", "thong", "tin"),
    "tthc": ("thu", "tuc", "hanh", "chinh"),
    "qg": ("quoc", "gia"),
    "cqnn": ("co", "quan", "nha", "nuoc"),
    "tslcd": ("truyen", "so", "lieu", "chuyen", "dung"),
    "dc": ("data", "center"),
}

#: characters that end a clause for matching purposes: a name never runs across them (a full stop
#: inside a web address, "tiemchung.vncdc.gov.vn", is part of the address, not a break)
HARD_BREAKS = ".;:!?()[]{}\"“”\n|…"

# -- system mentions --------------------------------------------------------------------------------

#: classes whose labels are generic heads: alone they name no system, followed by a name they
#: introduce one ("phần mềm kế toán", "cơ sở dữ liệu đất đai"); a named system of the root class is
#: typed as an application, the commonest kind named this way
HEAD_CLASSES: tuple[str, ...] = ("InformationSystem", "ApplicationSystem", "Database")
HEAD_FORMS: frozenset[str] = frozenset({
    "phan mem", "phan he", "ung dung", "phan mem ung dung", "he thong thong tin",
    "co so du lieu", "nen tang", "database", "software", "application", "information system",
})
ROOT_HEAD_KIND = "ApplicationSystem"
#: a "name" made only of these words is a description, not a name ("hệ thống thông tin dùng chung")
GENERIC_NAME_WORDS: frozenset[str] = frozenset({
    "dung chung", "trong yeu", "quan trong", "chuyen nganh", "cap quoc gia", "cap tinh", "cap huyen",
    "cap xa", "khac", "moi", "hien dai", "hien co", "lien quan", "chung", "tinh", "huyen", "xa",
    "thanh pho", "quoc gia", "nha nuoc", "so", "dien tu", "cua tinh", "tap trung", "nay", "do", "cap",
})
#: folded words that only say "a system" ("hệ thống", "phần mềm", "cổng"): they do not tell which
GENERIC_SYSTEM_WORDS: frozenset[str] = frozenset({
    "he", "thong", "phan", "mem", "ung", "dung", "nen", "tang", "cong", "mang", "truc", "system", "software",
})
#: words that cannot start a name (an administrative unit or a place follows "hệ thống thông tin")
NAME_CANNOT_START: frozenset[str] = frozenset({"tinh", "huyen", "xa", "thanh", "nam", "trong", "tren"})
#: phrases that stay whole inside a name although they contain commas (collocations written with a
#: comma: "cán bộ, công chức, viên chức", "khám, chữa bệnh", "đề tài, dự án")
FIXED_PHRASES: tuple[tuple[str, ...], ...] = (
    ("can", "bo", "cong", "chuc", "vien", "chuc"), ("can", "bo", "cong", "chuc"), ("so", "ban", "nganh"),
    ("xa", "phuong", "thi", "tran"), ("huyen", "thi", "xa", "thanh", "pho"), ("kham", "chua", "benh"),
    ("de", "tai", "du", "an"), ("phan", "tich", "xu", "ly"),
)

#: folded labels of the ontology that are too generic to be a mention or a head on their own
GENERIC_FORMS: frozenset[str] = frozenset({
    "he thong", "nen tang", "ung dung", "cong", "system", "application", "mang", "ha tang",
    "ha tang cntt", "infrastructure", "kho du lieu", "web portal",
    "so lieu", "chi so", "portal", "he thong ung dung", "ung dung dung chung",
    "he thong ben ngoai", "nen tang tich hop", "ha tang ky thuat", "ha tang mang", "ngan hang", "bank",
    "truc tich hop", "truc lien thong", "dich vu xac thuc", "external system",
})

#: words that end the name following a head noun (a preposition, verb or conjunction starts the
#: rest of the clause, not the name)
NAME_STOPS: frozenset[str] = frozenset({
    "của", "cho", "tại", "trên", "để", "được", "đã", "đang", "sẽ", "với", "từ", "theo", "như",
    "nhằm", "trong", "thuộc", "là", "gồm", "và", "hoặc", "đến", "vào", "qua",
    "không", "chưa", "cần", "những", "một", "này", "khi", "sau", "trước",
    "giữa", "ở", "còn", "cũng", "có", "nhiều", "ngày", "càng", "rất", "đều", "do",
    "thì", "mà", "nên", "vì",
})
#: two-word verbs and phrases that end a name too; their first word alone does not ("phân tích",
#: "cấp đổi", "hiện trường" stay inside a name)
NAME_STOP_PHRASES: frozenset[str] = frozenset({
    "phục vụ", "bao gồm", "đảm bảo", "bảo đảm", "đáp ứng", "tiếp nhận", "tiếp tục", "kết nối", "liên thông",
    "liên kết", "tích hợp", "triển khai", "xây dựng", "thực hiện", "hoàn thành", "hoàn thiện", "tất cả",
    "hiện nay", "hiện đang", "góp phần", "mạnh mẽ", "nhanh chóng", "đồng bộ", "đồng thời", "tạo lập",
    "tạo điều", "tạo nền", "tạo ra", "phát triển", "phát huy", "sử dụng", "đưa vào", "nâng cấp", "nâng cao", "cung cấp",
    "cấp tỉnh", "cấp huyện", "cấp xã", "cấp độ", "cấp quốc", "cấp bộ", "cấp cho", "cấp mới", "cấp trung",
})
#: at most this many words after a head make a name
MAX_NAME_WORDS = 12
#: a head in the plural ("các phần mềm …") introduces a list of names separated by commas and "và"
LIST_JOINERS: frozenset[str] = frozenset({"và", "hoặc", "and", "or"})
#: heads that are also common verbs or nouns ("ứng dụng CNTT" = "applying IT"): they introduce a
#: named system only when the name is written with a capital ("ứng dụng Smart Quảng Nam")
HEADS_NEEDING_PROPER_NAME: frozenset[str] = frozenset({"ung dung", "application"})

#: words right before a mention that make it something other than a system: a technology ("công
#: nghệ mới (điện toán đám mây)") or a verb ("được xác thực điện tử", "được ký số")
NOT_A_SYSTEM_AFTER: frozenset[str] = frozenset({"công nghệ", "được", "technology"})
#: phrases that deny a system exists ("chưa có cơ sở dữ liệu dùng chung", "thiếu …"); a system the
#: report mostly denies is not proposed, and a link cue after one states no link ("chưa kết nối")
NEGATIONS: frozenset[str] = frozenset({
    "chưa có", "chưa xây dựng được", "chưa xây dựng", "không có", "thiếu", "chưa", "không", "chưa được",
    "no", "not", "lack", "lacks", "without",
})
#: at most this many words after a negation it covers (within the clause)
NEGATION_SCOPE = 12
#: words that start an agency's or a place's name ("của Sở KH và CN", "UBND huyện"): after "của" or
#: "thuộc" they name a system's owner, and a list item starting with them names no system
ORGANISATION_WORDS: frozenset[str] = frozenset({
    "sở", "ban", "bộ", "cục", "tổng cục", "ubnd", "ủy ban", "uỷ ban", "văn phòng", "công an", "tỉnh ủy",
    "tỉnh uỷ", "huyện", "xã", "phường", "thị trấn", "thành phố", "tỉnh", "thị xã", "quận", "đài", "báo",
    "ngân hàng", "tổng công ty", "công ty", "viện", "bệnh viện", "bộ phận", "hđnd", "tp", "đơn vị", "cơ quan",
    "department", "ministry", "committee", "office",
})
#: words that mark a system's level below the province ("… giữa cấp huyện đến cấp xã", "của các xã")
LOWER_LEVEL_WORDS: frozenset[str] = frozenset({"xa", "huyen", "phuong", "district", "commune"})
#: a broad kind that the owner words after it make more specific: (kind, folded first words of the owner)
OWNER_KINDS: dict[str, tuple[str, frozenset[str]]] = {
    "EPortal": ("ComponentPortal", frozenset({"so", "ban", "nganh", "huyen", "ubnd", "uy", "department", "district"})),
    "Portal": ("ComponentPortal", frozenset({"so", "ban", "nganh", "huyen", "ubnd", "uy", "department", "district"})),
    "ProvincialPortal": ("ComponentPortal", frozenset({"so", "ban", "nganh", "huyen", "ubnd", "uy", "department", "district"})),
}
#: words that start the name of a system's owner after "của"/"thuộc" (an agency, not "cơ quan nhà
#: nước" or "đơn vị" in general)
OWNER_WORDS: frozenset[str] = frozenset({
    "sở", "ban", "bộ", "cục", "tổng cục", "ubnd", "ủy ban", "uỷ ban", "văn phòng", "công an", "tỉnh ủy",
    "tỉnh uỷ", "huyện", "xã", "phường", "thị trấn", "thành phố", "thị xã", "quận", "department", "ministry",
})
#: at most this many words between a system noun and a quoted name ("ứng dụng … “Quảng Nam trực tuyến”")
QUOTED_NAME_WINDOW = 8
#: words that link a mention to its owner ("Trung tâm dữ liệu thuộc Sở KH và CN")
OWNER_LINKS: frozenset[str] = frozenset({"thuộc", "của", "of"})

# -- lists ------------------------------------------------------------------------------------------

#: words that open a list (its items follow them, and a colon that may come after them)
LIST_INTRODUCERS: frozenset[str] = frozenset({"gồm", "bao gồm", "như", "cụ thể", "cụ thể là", "such as",
                                              "including", "namely"})
#: introducers after which the items are examples of the thing before them ("các hệ thống phòng
#: chống tấn công mạng như IPS/IDS, Firewall")
EXAMPLE_INTRODUCERS: frozenset[str] = frozenset({"như", "such as"})
#: words before a head that make it plural: it then describes the items of its list
PLURAL_MARKERS: frozenset[str] = frozenset({"các", "những", "một số", "nhiều", "tất cả", "all"})
#: at most this many words between a list's head and its introducer
LIST_HEAD_WINDOW = 18
#: … and at most this many between the thing examples are given of and "như"
EXAMPLE_HEAD_WINDOW = 3
#: at most this many words between a recognised name and the bracketed code of its noun phrase
BRACKET_NAME_WORDS = 8
#: a list item longer than this is a clause, not a name
MAX_ITEM_WORDS = 8
#: words that make the words around a mention a clause rather than a name
CLAUSE_WORDS: frozenset[str] = frozenset({"đã", "đang", "sẽ", "được", "bị", "là", "không", "chưa", "cần", "phải",
                                          "is", "are", "was", "were", "has", "have"})

#: a national database named without one of these words is the province's own copy or a sectoral
#: database ("cơ sở dữ liệu đất đai của Sở TN&MT"), not the national one
NATIONAL_MARKERS: tuple[tuple[str, ...], ...] = (("quoc", "gia"), ("trung", "uong"), ("toan", "quoc"), ("chinh", "phu"))

#: forms that stand for something a system provides; as a link end they stand for the system
#: (online services are provided through the province's public-service portal)
SERVICE_PROXIES: dict[str, str] = {"OnlineService": "ProvincialPublicServicePortal"}

# -- links ------------------------------------------------------------------------------------------

#: cue phrases and the family of link they state
LINK_CUES: dict[str, str] = {
    "kết nối": "connect", "liên thông": "connect", "connect": "connect", "connected": "connect",
    "connects": "connect", "linked": "connect", "lên": "connect",
    "tích hợp": "integrate", "integrate": "integrate", "integrated": "integrate", "integrates": "integrate",
    "thông qua": "via", "qua": "via", "via": "via", "through": "via",
    "chia sẻ": "share", "trao đổi": "share", "share": "share", "shares": "share",
    "đồng bộ dữ liệu": "sync", "đồng bộ với": "sync", "synchronise": "sync", "synchronize": "sync", "synchronised": "sync",
    "trên hạ tầng": "host", "trên nền tảng": "host", "lưu trữ": "host", "cài đặt": "host",
    "đặt tại": "host", "hosted": "host", "vận hành trên": "host", "hoạt động trên": "host",
    "trên cả": "host", "phục vụ hoạt động": "host", "trên cơ sở hạ tầng": "host",
    "giám sát": "monitor", "bảo vệ": "monitor", "đối với": "monitor", "monitor": "monitor", "monitors": "monitor",
    "ký số": "sign", "chữ ký số": "sign",
    "thanh toán": "pay", "payment": "pay",
    "cập nhật vào": "feed", "bổ sung vào": "feed", "cung cấp dữ liệu": "feed",
    "khai thác": "query", "tra cứu": "query",
    # "X gồm A, B": A and B are parts of X; "A trong B" (right between two systems): A is part of B
    "gồm": "whole", "bao gồm": "whole", "trên cơ sở tích hợp": "whole", "dịch vụ dùng chung như": "whole",
    "consists of": "whole", "comprises": "whole", "trong": "part",
    # "tra cứu bằng/qua/trên A, B": A and B show what the subject holds
    "tra cứu bằng": "channel", "tra cứu qua": "channel", "tra cứu trên": "channel", "tra cứu tại": "channel",
}
#: cue families whose word order, not the kinds of the ends, gives the direction
ORDERED_FAMILIES: frozenset[str] = frozenset({"whole", "part", "feed"})
#: cue families that state a link only between two mentions right next to them ("Chatbot trong Cổng …")
ADJACENT_FAMILIES: frozenset[str] = frozenset({"part"})
#: verbs that, after a fronted "trên cơ sở hạ tầng của X," introduce the systems X hosts
DEPLOY_VERBS: frozenset[str] = frozenset({"triển khai", "xây dựng", "cài đặt", "vận hành", "đưa vào", "deployed", "runs"})

#: (cue family, subject kind, object kind) → relation. Kinds are ontology classes and match their
#: subclasses; None matches any kind. The first matching row wins; a row also matches with the two
#: ends swapped (the relation then points the other way), so the report's word order does not
#: decide the direction, the kinds do (domain.md §2) — except for the families in ORDERED_FAMILIES
#: ("A gồm B", "A trong B", "từ A … cập nhật vào B"), whose ends keep the report's order.
RELATION_RULES: tuple[tuple[str | None, str | None, str | None, str], ...] = (
    (None, "InformationSystem", "DigitalSignatureCA", "signsWith"),
    (None, "InformationSystem", "PaymentPlatform", "paysVia"),
    # a relation written "^r": the second end (as the report writes them) has r to the first
    ("whole", "InformationSystem", "InformationSystem", "^componentOf"),
    ("part", "InformationSystem", "InformationSystem", "componentOf"),
    ("feed", "Database", "InformationSystem", "^queriesDataFrom"),
    ("channel", "InformationSystem", "InformationSystem", "integratesWith"),
    ("connect", "InformationSystem", "ExternalSystem", "connectsTo"),
    ("connect", "OneStopShopSystem", "ApplicationSystem", "integratesWith"),
    ("connect", "TTHCSystem", "ApplicationSystem", "integratesWith"),
    ("monitor", "InformationSystem", "SecurityOperationsCentre", "monitoredBy"),
    ("host", "InformationSystem", "DataCentre", "hostedIn"),
    ("host", "InformationSystem", "CloudPlatform", "hostedIn"),
    ("host", "InformationSystem", "IOC", "hostedIn"),
    ("connect", "DocumentManagementSystem", "DocumentExchangeAxis", "sendsDocumentsVia"),
    ("via", "DocumentManagementSystem", "DocumentExchangeAxis", "sendsDocumentsVia"),
    ("connect", "IntegrationPlatform", "NationalIntegrationPlatform", "connectsTo"),
    ("via", "IntegrationPlatform", "NationalIntegrationPlatform", "connectsTo"),
    ("share", "IntegrationPlatform", "NationalIntegrationPlatform", "connectsTo"),
    ("via", "InformationSystem", "IntegrationPlatform", "exchangesDataVia"),
    ("connect", "InformationSystem", "IntegrationPlatform", "exchangesDataVia"),
    ("share", "InformationSystem", "IntegrationPlatform", "exchangesDataVia"),
    ("connect", "InformationSystem", "NationalPublicServicePortal", "integratesWith"),
    ("integrate", "InformationSystem", "NationalPublicServicePortal", "integratesWith"),
    ("connect", "Network", "Network", "connectsTo"),
    ("host", "InformationSystem", "Network", "usesNetwork"),
    ("via", "InformationSystem", "Network", "usesNetwork"),
    ("feed", "InformationSystem", "InformationSystem", "feedsDataTo"),
    ("query", "InformationSystem", "NationalDatabase", "queriesDataFrom"),
    ("connect", "InformationSystem", "NationalDatabase", "queriesDataFrom"),
    ("sync", "InformationSystem", "InformationSystem", "synchronizesWith"),
    ("integrate", "InformationSystem", "InformationSystem", "integratesWith"),
    ("connect", "PublicServicePortal", "EPortal", "integratesWith"),
    ("connect", "EPortal", "EPortal", "integratesWith"),
    ("connect", "InformationSystem", "InformationSystem", "connectsTo"),
    ("via", "InformationSystem", "ExternalSystem", "connectsTo"),
)
#: words that pair two systems named after one cue: "tích hợp chữ ký số vào phần mềm X"
PAIR_WORDS: frozenset[str] = frozenset({"vào", "với", "lên", "cho", "into", "with"})
#: head nouns that, bare (no name after them), refer to the system the text was about ("Hệ thống đã
#: triển khai …", "… thông qua phần mềm …")
ANAPHORS: frozenset[str] = frozenset({"hệ thống", "phần mềm", "nền tảng", "the system", "the platform"})
#: a paragraph of at most this many words, with no full stop, is a heading
HEADING_WORDS = 14
#: at most this many words between the two systems a pairing word joins ("A của Bộ Công an vào B")
PAIR_SPAN = 6
#: the farthest two ends of a link may be apart, in words
MAX_LINK_SPAN = 40

# -- figures ----------------------------------------------------------------------------------------

#: words before a number that make it approximate (longest first wins)
APPROX_WORDS: dict[str, str] = {
    "hơn": "more-than", "trên": "more-than", "chỉ có hơn": "more-than", "more than": "more-than",
    "over": "more-than", "gần": "nearly", "nearly": "nearly", "almost": "nearly",
    "khoảng": "about", "ước": "about", "about": "about", "around": "about", "approximately": "about",
    "tối thiểu": "at-least", "ít nhất": "at-least", "at least": "at-least",
    "dưới": "less-than", "less than": "less-than", "tối đa": "at-most",
}
#: words right before a number that make it an identifier, a date part or a level, not a figure
NOT_A_FIGURE_BEFORE: frozenset[str] = frozenset({
    "số", "ngày", "tháng", "năm", "quý", "giai đoạn", "đề án", "điều", "khoản", "chương", "mức",
    "mức độ", "cấp độ", "phiên bản", "lần thứ", "nghị quyết", "nghị định", "quyết định", "kế hoạch",
    "chỉ thị", "thông tư", "công văn", "luật", "version", "level", "điện thoại", "tel", "ipv",
    "từ năm", "đến năm", "giấy phép số", "tier", "chuẩn", "no", "number", "article", "decree",
    "decision", "circular", "phase", "dịch vụ công", "tổng đài", "hotline",
})
#: words right after a number that make it a date part, a tier or a level, not a figure
NOT_A_FIGURE_AFTER: frozenset[str] = frozenset({
    "cấp", "năm", "tháng", "lớp mạng", "giờ", "phút", "tầng", "lĩnh vực", "trụ cột", "years", "months",
})
#: words before a number that make it a rank
RANK_WORDS: frozenset[str] = frozenset({"top", "thứ", "xếp thứ", "hạng", "xếp hạng", "đứng thứ", "rank", "ranked"})
#: "X trên tổng số Y": Y is the denominator of X, not a figure of its own
OUT_OF_WORDS: frozenset[str] = frozenset({"trên tổng số", "trên tổng", "out of", "trong tổng số"})
#: words that scale the number before them
MULTIPLIERS: dict[str, int] = {
    "nghìn": 1_000, "ngàn": 1_000, "triệu": 1_000_000, "tỷ": 1_000_000_000, "tỉ": 1_000_000_000,
    "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
}
#: words that begin like a scale word but are not one ("tỷ lệ": a rate, not "billion")
NOT_MULTIPLIERS: frozenset[str] = frozenset({"tỷ lệ", "tỉ lệ", "tỷ trọng", "tỉ trọng"})
#: levels of online services as reports write them after the unit ("mức độ 3", "toàn trình")
LEVEL_NAMES: dict[str, str] = {"toàn trình": "full", "một phần": "partial", "full": "full", "partial": "partial"}
#: units written glued to the number ("20Mbps")
GLUED_UNITS: frozenset[str] = frozenset({"mbps", "gbps", "kbps", "gb", "tb", "mb"})
#: how many words after a number its unit may sit
UNIT_WINDOW = 6
#: how many words before a number a "label: value" may sit ("số lượng user là 27.500")
LABEL_WINDOW = 8
LABEL_LINKS: frozenset[str] = frozenset({"là", "đạt", "gồm", "có", "is", "are", "was", "reached"})


def _fold(text: str) -> str:
    from loaders.text.segmentation import fold

    return " ".join(fold(text).split())


_KEYED: dict[tuple[int, bool], object] = {}


def keyed(table, accented: bool):
    """``table`` (a set or dict of phrases) keyed the way a report's words are compared: as written
    when the report has diacritics, folded when it has none."""
    key = (id(table), accented)
    if key not in _KEYED:
        if accented:
            _KEYED[key] = table
        elif isinstance(table, dict):
            _KEYED[key] = {_fold(k): v for k, v in table.items()}
        else:
            _KEYED[key] = frozenset(_fold(k) for k in table)
    return _KEYED[key]

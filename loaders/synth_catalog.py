"""What a synthetic province is made of: the systems, agencies, framework links and figures that the
generator (:mod:`loaders.synth`) draws from. Plain data. Kinds, relations, measures and national
slugs are checked against the ontology when the generator starts, so a typo here fails at once.

The systems and links follow the provincial architecture of domain.md §1.4 and the relationship
catalogue of §2.2 (R1–R28); each framework link names the compliance rule of §3 that a missing or
bypassing variant breaks, so the generated graph gives the compliance check real work.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SystemSpec:
    slug: str
    kind: str
    vi: str            # "{p}" is replaced by the province's Vietnamese name
    en: str            # "{p}" by its English name
    owner: str         # an agency slug of AGENCIES
    levels: tuple[str, ...] = ("province",)
    since: tuple[int, int] = (2015, 2018)  # years it may have gone live (inclusive)
    optional: bool = False                 # may be missing from a province ("missing components")
    alias: str | None = None
    product: tuple[str, ...] = ()


# -- agencies of a province (before 2025: Sở TT&TT; from 2025: Sở KH&CN runs IT) ------------------
AGENCIES: tuple[tuple[str, str, str, str], ...] = (
    ("ubnd", "PeoplesCommittee", "Ủy ban nhân dân tỉnh {p}", "{p} Provincial People's Committee"),
    ("vp-ubnd", "PeoplesCommitteeOffice", "Văn phòng Ủy ban nhân dân tỉnh {p}", "Office of the {p} People's Committee"),
    ("so-tttt", "ProvincialICTDepartment", "Sở Thông tin và Truyền thông tỉnh {p}", "{p} Department of Information and Communications"),
    ("so-khcn", "ProvincialScienceTechnologyDepartment", "Sở Khoa học và Công nghệ tỉnh {p}", "{p} Department of Science and Technology"),
    ("so-noi-vu", "ProvincialDepartment", "Sở Nội vụ tỉnh {p}", "{p} Department of Home Affairs"),
    ("so-tai-chinh", "ProvincialDepartment", "Sở Tài chính tỉnh {p}", "{p} Department of Finance"),
    ("so-tu-phap", "ProvincialDepartment", "Sở Tư pháp tỉnh {p}", "{p} Department of Justice"),
    ("so-tnmt", "ProvincialDepartment", "Sở Tài nguyên và Môi trường tỉnh {p}", "{p} Department of Natural Resources and Environment"),
    ("so-y-te", "ProvincialDepartment", "Sở Y tế tỉnh {p}", "{p} Department of Health"),
    ("so-gddt", "ProvincialDepartment", "Sở Giáo dục và Đào tạo tỉnh {p}", "{p} Department of Education and Training"),
    ("so-xay-dung", "ProvincialDepartment", "Sở Xây dựng tỉnh {p}", "{p} Department of Construction"),
    ("so-gtvt", "ProvincialDepartment", "Sở Giao thông vận tải tỉnh {p}", "{p} Department of Transport"),
    ("so-cong-thuong", "ProvincialDepartment", "Sở Công Thương tỉnh {p}", "{p} Department of Industry and Trade"),
    ("so-ldtbxh", "ProvincialDepartment", "Sở Lao động - Thương binh và Xã hội tỉnh {p}", "{p} Department of Labour, Invalids and Social Affairs"),
    ("so-khdt", "ProvincialDepartment", "Sở Kế hoạch và Đầu tư tỉnh {p}", "{p} Department of Planning and Investment"),
    ("so-nnptnt", "ProvincialDepartment", "Sở Nông nghiệp và Phát triển nông thôn tỉnh {p}", "{p} Department of Agriculture and Rural Development"),
    ("so-vhttdl", "ProvincialDepartment", "Sở Văn hóa, Thể thao và Du lịch tỉnh {p}", "{p} Department of Culture, Sports and Tourism"),
    ("tt-cntt-tt", "PublicServiceUnit", "Trung tâm Công nghệ thông tin và Truyền thông tỉnh {p}", "{p} Information and Communications Technology Centre"),
    ("ttpvhcc", "PublicAdminServiceCenter", "Trung tâm Phục vụ hành chính công tỉnh {p}", "{p} Public Administration Service Centre"),
    ("cong-an-tinh", "GovernmentBody", "Công an tỉnh {p}", "{p} Provincial Police"),
)
#: the agency that runs IT before and from the 2025 reform (MIC merged into MOST)
IT_AGENCY = {False: "so-tttt", True: "so-khcn"}
#: departments that publish a component website and own sectoral systems
DEPARTMENTS = tuple(a[0] for a in AGENCIES if a[0].startswith("so-") and a[0] not in ("so-tttt", "so-khcn"))

# -- the provincial architecture (domain.md §1.4) ------------------------------------------------
CORE_SYSTEMS: tuple[SystemSpec, ...] = (
    SystemSpec("lgsp", "LGSP", "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh {p}", "{p} data integration and sharing platform",
               "so-tttt", since=(2018, 2020), alias="LGSP"),
    SystemSpec("dms", "DocumentManagementSystem", "Hệ thống quản lý văn bản và điều hành tỉnh {p}",
               "{p} document management and operation system", "vp-ubnd", ("province", "district", "commune"),
               since=(2014, 2017), alias="QLVB&ĐH", product=("VNPT-iOffice", "Qoffice", "eOffice", "Viettel-VOffice")),
    SystemSpec("document-axis", "ProvincialDocumentAxis", "Trục liên thông văn bản tỉnh {p}",
               "{p} document interconnection axis", "so-tttt", since=(2016, 2019), optional=True, alias="trục LTVB"),
    SystemSpec("one-stop", "OneStopShopSystem", "Hệ thống thông tin một cửa điện tử tỉnh {p}",
               "{p} electronic one-stop-shop system", "vp-ubnd", ("province", "district", "commune"),
               since=(2015, 2018), alias="Một cửa điện tử", product=("VNPT-iGate", "Viettel-OneGate")),
    SystemSpec("public-service-portal", "ProvincialPublicServicePortal", "Cổng dịch vụ công tỉnh {p}",
               "{p} public-service portal", "vp-ubnd", since=(2016, 2019), alias="Cổng DVC"),
    SystemSpec("tthc-system", "ProvincialTTHCSystem", "Hệ thống thông tin giải quyết thủ tục hành chính tỉnh {p}",
               "{p} administrative-procedure information system", "vp-ubnd", ("province", "district", "commune"),
               since=(2021, 2023), alias="HTTT GQTTHC"),
    SystemSpec("portal", "ProvincialPortal", "Cổng thông tin điện tử tỉnh {p}", "{p} e-information portal", "vp-ubnd",
               since=(2010, 2014), alias="Cổng TTĐT"),
    SystemSpec("ioc", "IOC", "Trung tâm giám sát, điều hành thông minh tỉnh {p}", "{p} intelligent operations centre",
               "so-tttt", since=(2020, 2023), optional=True, alias="IOC"),
    SystemSpec("soc", "SOC", "Trung tâm giám sát, điều hành an toàn, an ninh mạng tỉnh {p}",
               "{p} security operations centre", "so-tttt", since=(2019, 2023), optional=True, alias="SOC"),
    SystemSpec("data-center", "ProvincialDataCenter", "Trung tâm tích hợp dữ liệu tỉnh {p}", "{p} data integration centre",
               "so-tttt", since=(2012, 2017), optional=True),
    SystemSpec("wan", "ProvincialWAN", "Mạng diện rộng (WAN) tỉnh {p}", "{p} wide-area network", "so-tttt",
               ("province", "district"), since=(2008, 2012)),
    SystemSpec("tslcd-l2", "SpecialisedDataNetwork", "Mạng truyền số liệu chuyên dùng cấp II tỉnh {p}",
               "{p} level-II specialised data network", "so-tttt", ("province", "district", "commune"), since=(2013, 2017)),
    SystemSpec("video-conference", "VideoConferenceSystem", "Hệ thống hội nghị truyền hình trực tuyến tỉnh {p}",
               "{p} video-conference system", "vp-ubnd", ("province", "district", "commune"), since=(2014, 2020)),
    SystemSpec("email", "OfficialEmail", "Hệ thống thư điện tử công vụ tỉnh {p}", "{p} official e-mail system", "so-tttt",
               since=(2008, 2012)),
    SystemSpec("reporting", "ProvincialReportingSystem", "Hệ thống thông tin báo cáo tỉnh {p}", "{p} reporting information system",
               "vp-ubnd", since=(2020, 2021), optional=True),
    SystemSpec("ecabinet", "ECabinet", "Hệ thống phòng họp không giấy tờ tỉnh {p}", "{p} paperless meeting system (e-Cabinet)",
               "vp-ubnd", since=(2020, 2023), optional=True, alias="eCabinet"),
    SystemSpec("citizen-app", "CitizenApp", "Ứng dụng chính quyền số tỉnh {p}", "{p} digital-government app", "so-tttt",
               since=(2020, 2024), optional=True),
    SystemSpec("feedback", "CitizenFeedbackSystem", "Hệ thống tiếp nhận, xử lý phản ánh kiến nghị tỉnh {p}",
               "{p} citizen feedback system", "so-tttt", since=(2018, 2021), optional=True, alias="PAKN"),
    SystemSpec("shared-db", "ProvincialSharedDB", "Kho dữ liệu dùng chung tỉnh {p}", "{p} shared data warehouse", "so-tttt",
               since=(2019, 2023), optional=True),
    SystemSpec("open-data-portal", "ProvincialOpenDataPortal", "Cổng dữ liệu mở tỉnh {p}", "{p} open-data portal", "so-tttt",
               since=(2022, 2024), optional=True),
    SystemSpec("result-repository", "TTHCResultRepository", "Kho quản lý dữ liệu điện tử của tổ chức, cá nhân tỉnh {p}",
               "{p} repository of electronic results", "vp-ubnd", since=(2022, 2023)),
    SystemSpec("task-management", "TaskManagementSystem", "Hệ thống quản lý, theo dõi nhiệm vụ tỉnh {p}",
               "{p} task tracking system", "vp-ubnd", since=(2019, 2023), optional=True),
    SystemSpec("e-archive", "EArchiveSystem", "Hệ thống quản lý tài liệu lưu trữ điện tử tỉnh {p}", "{p} e-archive system",
               "so-noi-vu", since=(2020, 2024), optional=True),
    SystemSpec("gis", "GeographicInformationSystem", "Hệ thống thông tin địa lý (GIS) tỉnh {p}", "{p} GIS", "so-tnmt",
               since=(2016, 2022), optional=True),
    SystemSpec("elearning", "ELearningSystem", "Hệ thống đào tạo trực tuyến tỉnh {p}", "{p} e-learning system", "so-noi-vu",
               since=(2020, 2023), optional=True),
)

#: sectoral systems: (slug, kind, vi, en, owner, national DB it reads through the LGSP, or None)
SECTORAL: tuple[tuple[str, str, str, str, str, str | None], ...] = (
    ("csdl-dat-dai", "SectoralDB", "Cơ sở dữ liệu đất đai tỉnh {p}", "{p} land database", "so-tnmt", "land-db"),
    ("phan-mem-ho-tich", "SectoralApplication", "Phần mềm đăng ký, quản lý hộ tịch", "civil-status software", "so-tu-phap", "civil-status-db"),
    ("csdl-doanh-nghiep", "SectoralDB", "Cơ sở dữ liệu doanh nghiệp tỉnh {p}", "{p} enterprise database", "so-khdt", "business-registration-db"),
    ("phan-mem-quan-ly-can-bo", "SectoralApplication", "Phần mềm quản lý cán bộ, công chức, viên chức", "civil-servant management software", "so-noi-vu", "population-db"),
    ("phan-mem-ke-toan", "SectoralApplication", "Phần mềm kế toán ngân sách", "budget accounting software", "so-tai-chinh", "finance-db"),
    ("quan-ly-tai-san-cong", "SectoralApplication", "Phần mềm quản lý tài sản công", "public-asset management software", "so-tai-chinh", None),
    ("csdl-giao-duc", "SectoralDB", "Cơ sở dữ liệu ngành giáo dục tỉnh {p}", "{p} education database", "so-gddt", "population-db"),
    ("ho-so-suc-khoe", "HealthRecordSystem", "Hệ thống hồ sơ sức khỏe điện tử tỉnh {p}", "{p} electronic health records", "so-y-te", "insurance-db"),
    ("csdl-bao-tro-xa-hoi", "SectoralDB", "Cơ sở dữ liệu an sinh xã hội tỉnh {p}", "{p} social-protection database", "so-ldtbxh", "insurance-db"),
    ("quan-ly-giay-phep-xay-dung", "SectoralApplication", "Phần mềm cấp phép xây dựng", "construction-permit software", "so-xay-dung", None),
    ("quan-ly-van-tai", "SectoralApplication", "Phần mềm quản lý vận tải", "transport management software", "so-gtvt", None),
    ("csdl-cong-thuong", "SectoralDB", "Cơ sở dữ liệu ngành công thương", "industry and trade database", "so-cong-thuong", None),
    ("csdl-nong-nghiep", "SectoralDB", "Cơ sở dữ liệu nông nghiệp tỉnh {p}", "{p} agriculture database", "so-nnptnt", None),
    ("csdl-du-lich", "SectoralDB", "Cơ sở dữ liệu du lịch tỉnh {p}", "{p} tourism database", "so-vhttdl", None),
    ("csdl-thong-ke", "SectoralDB", "Cơ sở dữ liệu thống kê dân số", "population statistics database", "so-khdt", "population-stats-db"),
)


@dataclass(frozen=True)
class LinkSpec:
    """A link the framework asks for (``rule`` is the compliance rule that checks it)."""

    source: str
    rel: str
    target: str          # a provincial slug or "national:<slug>"
    rule: str
    network: str | None = None
    since: int | None = None    # not before this year (e.g. VNeID from 2024)
    until: int | None = None    # not after this year (e.g. the DVC portal stands alone until the TTHC system)


NATIONAL = "national:"

FRAMEWORK_LINKS: tuple[LinkSpec, ...] = (
    LinkSpec("lgsp", "connectsTo", NATIONAL + "ndxp", "VNEAF-INT-03", network=NATIONAL + "tslcd"),
    LinkSpec("lgsp", "connectsTo", NATIONAL + "ndop", "VNEAF-INT-03", network=NATIONAL + "tslcd", since=2025),
    LinkSpec("lgsp", "usesNetwork", "tslcd-l2", "VNEAF-NET-01"),
    LinkSpec("dms", "sendsDocumentsVia", "document-axis", "VNEAF-DOC-01"),
    LinkSpec("document-axis", "connectsTo", NATIONAL + "vdxp", "VNEAF-DOC-01"),
    LinkSpec("dms", "signsWith", NATIONAL + "govca", "VNEAF-DOC-02"),
    LinkSpec("public-service-portal", "integratesWith", NATIONAL + "npsp", "VNEAF-SVC-01", until=2022),
    LinkSpec("one-stop", "integratesWith", "public-service-portal", "VNEAF-SVC-02", until=2022),
    LinkSpec("one-stop", "integratesWith", "dms", "VNEAF-SVC-02", until=2022),
    LinkSpec("tthc-system", "integratesWith", NATIONAL + "npsp", "VNEAF-SVC-01"),
    LinkSpec("tthc-system", "integratesWith", "dms", "VNEAF-SVC-02"),
    LinkSpec("tthc-system", "paysVia", NATIONAL + "paygov", "VNEAF-SVC-04"),
    LinkSpec("tthc-system", "authenticatesVia", NATIONAL + "eid-exchange", "VNEAF-SVC-05", until=2023),
    LinkSpec("tthc-system", "authenticatesVia", NATIONAL + "vneid", "VNEAF-SVC-05", since=2024),
    LinkSpec("tthc-system", "queriesDataFrom", NATIONAL + "population-db", "VNEAF-DATA-01"),
    LinkSpec("public-service-portal", "componentOf", "tthc-system", "VNEAF-SVC-01"),
    LinkSpec("one-stop", "componentOf", "tthc-system", "VNEAF-SVC-01"),
    LinkSpec("one-stop", "connectsTo", NATIONAL + "vnpost", "VNEAF-SVC-01"),
    LinkSpec("public-service-portal", "replacedBy", NATIONAL + "npsp", "VNEAF-SVC-03", since=2025),
    LinkSpec("lgsp", "hostedIn", "data-center", "VNEAF-INF-01"),
    LinkSpec("tthc-system", "hostedIn", "data-center", "VNEAF-INF-01"),
    LinkSpec("dms", "hostedIn", "data-center", "VNEAF-INF-01"),
    LinkSpec("portal", "hostedIn", "data-center", "VNEAF-INF-01"),
    LinkSpec("lgsp", "monitoredBy", "soc", "VNEAF-SEC-04"),
    LinkSpec("tthc-system", "monitoredBy", "soc", "VNEAF-SEC-04"),
    LinkSpec("dms", "monitoredBy", "soc", "VNEAF-SEC-04"),
    LinkSpec("portal", "monitoredBy", "soc", "VNEAF-SEC-04"),
    LinkSpec("data-center", "monitoredBy", "soc", "VNEAF-SEC-04"),
    LinkSpec("soc", "sharesSecurityDataWith", NATIONAL + "ncsc", "VNEAF-SEC-04", until=2024),
    LinkSpec("soc", "sharesSecurityDataWith", NATIONAL + "a05-cybersecurity-center", "VNEAF-SEC-04", since=2025),
    LinkSpec("tthc-system", "feedsDataTo", "ioc", "VNEAF-IOC-01"),
    LinkSpec("dms", "feedsDataTo", "ioc", "VNEAF-IOC-01"),
    LinkSpec("feedback", "feedsDataTo", "ioc", "VNEAF-IOC-01"),
    LinkSpec("reporting", "connectsTo", NATIONAL + "national-reporting", "VNEAF-REP-01"),
    LinkSpec("shared-db", "synchronizesWith", NATIONAL + "national-synthetic-db", "VNEAF-DATA-03", since=2025),
    LinkSpec("result-repository", "componentOf", "tthc-system", "VNEAF-SVC-01"),
    LinkSpec("video-conference", "usesNetwork", "tslcd-l2", "VNEAF-NET-01"),
)
#: systems that share data through the LGSP (R1); everything else is infrastructure, a channel or the LGSP
SHARES_VIA_LGSP = {
    "dms", "one-stop", "public-service-portal", "tthc-system", "portal", "ioc", "reporting", "ecabinet", "citizen-app",
    "feedback", "shared-db", "open-data-portal", "result-repository", "task-management", "e-archive", "gis",
}

# -- figures reported each year (measure, subject slug or "province", base value, yearly growth) --
FIGURES: tuple[tuple[str, str, float, float], ...] = (
    ("users", "dms", 4_000, 0.12), ("documents-exchanged", "dms", 250_000, 0.18),
    ("documents-signed", "dms", 150_000, 0.25), ("transactions", "lgsp", 400_000, 0.45),
    ("agencies-connected", "lgsp", 40, 0.10), ("connected-systems", "lgsp", 8, 0.20),
    ("visits", "portal", 1_500_000, 0.08), ("email-accounts", "email", 6_000, 0.06),
    ("endpoints", "video-conference", 150, 0.15), ("servers", "data-center", 60, 0.08),
    ("cameras", "ioc", 300, 0.35), ("feedback-received", "feedback", 3_000, 0.20),
    ("dossiers-received", "province", 300_000, 0.10), ("dossiers-online", "province", 40_000, 0.55),
    ("dossiers-resolved", "province", 280_000, 0.10), ("digital-certificates", "province", 3_000, 0.15),
    ("it-staff", "province", 80, 0.05), ("budget-vnd", "province", 40_000_000_000, 0.12),
)
#: rates (percent) that rise towards a ceiling
RATES: tuple[tuple[str, float, float], ...] = (
    ("dossiers-on-time-rate", 92.0, 99.5), ("dossiers-online-rate", 8.0, 75.0), ("online-services-rate", 30.0, 95.0),
    ("electronic-document-rate", 60.0, 99.0),
)

# -- names ---------------------------------------------------------------------------------------
COMMUNE_SYLLABLES = (
    "An", "Bình", "Phú", "Tân", "Hòa", "Long", "Thạnh", "Mỹ", "Phước", "Hưng", "Thịnh", "Lợi", "Lộc", "Hiệp",
    "Đông", "Tây", "Nam", "Bắc", "Trung", "Thuận", "Quang", "Minh", "Hải", "Sơn", "Thủy", "Lâm", "Thành", "Vĩnh",
    "Xuân", "Hồng", "Kim", "Ngọc", "Đức", "Nghĩa", "Tiến", "Cát", "Vân", "Hà", "Yên", "Châu",
)
SERVICE_ACTIONS = (
    "Cấp", "Cấp lại", "Cấp đổi", "Gia hạn", "Điều chỉnh", "Đăng ký", "Đăng ký thay đổi", "Thẩm định", "Phê duyệt",
    "Xác nhận", "Công nhận", "Thu hồi",
)
SERVICE_OBJECTS = (
    "giấy phép xây dựng", "giấy chứng nhận quyền sử dụng đất", "giấy phép kinh doanh", "khai sinh", "kết hôn",
    "khai tử", "giấy phép lái xe", "chứng chỉ hành nghề", "giấy phép lao động", "hồ sơ dự án đầu tư",
    "giấy phép môi trường", "giấy chứng nhận an toàn thực phẩm", "hộ kinh doanh", "giấy phép hoạt động khám chữa bệnh",
    "bằng tốt nghiệp", "giấy phép biểu diễn", "trợ cấp xã hội", "hợp tác xã", "giấy phép khai thác nước",
    "con dấu", "quy hoạch chi tiết", "phương án phòng cháy", "giấy phép quảng cáo", "nhà ở xã hội",
)

"""What every page must call Quảng Nam's LGSP, public-service portal and IOC (graph.network.names): the name the
latest report gives (data/quang-nam-2022.yaml), in Vietnamese and English; the 2020 and 2021 reports name them
otherwise."""

from __future__ import annotations

LATEST = {
    "quang-nam/lgsp": ("Nền tảng tích hợp, chia sẻ dữ liệu tỉnh Quảng Nam (LGSP)", "Quảng Nam data integration and sharing platform (LGSP)"),
    "quang-nam/public-service-portal": ("Cổng dịch vụ công tỉnh Quảng Nam", "Quảng Nam public service portal"),
    "quang-nam/ioc": ("Trung tâm điều hành thông tin chỉ đạo của UBND tỉnh Quảng Nam (IOC)",
                      "Quảng Nam Provincial People's Committee information, direction and operations centre (IOC)"),
}

"""The vocabularies of a 业务目录, per kind: the extra form fields a business may ask for (`fields` in
the TOML, with the label a clerk sees) and the materials that may never be 容缺 (DOMAIN.md §8).

Data only; desktop/domain/catalog.py checks a catalogue against the tables of its kind.
"""

from __future__ import annotations

VEHICLE_FIELDS: dict[str, str] = {
    "vehicle_particulars": "车辆参数（车辆识别代号、品牌型号、车辆类型、车身颜色、发动机号）",
    "use_nature": "使用性质",
    "colour": "车身颜色",
    "engine_no": "发动机号",
    "vin": "车辆识别代号",
    "new_owner": "新机动车所有人",
    "co_owners": "共同所有人",
    "retain_number": "保留原号牌号码",
    "mortgagee": "抵押权人",
    "pledgee": "质权人",
    "event_date": "事项发生日期（交付、变更、灭失等）",
    "swap_plate": "互换号牌的另一辆车",
    "destination_office": "迁入地车辆管理所",
    "origin_office": "迁出地车辆管理所",
    "filing_item": "备案事项",
    "temp_plate_purpose": "临时号牌事由",
    "temp_plate_days": "临时号牌有效天数",
    "reason": "原因",
}

DRIVER_FIELDS: dict[str, str] = {
    "licence_class": "申请的准驾车型",
    "event_date": "事项发生日期（信息变化、损毁、遗失等）",
    "reason": "原因",
    "medical_date": "身体条件证明出具日期",
    "new_address": "变更后的住址",
    "new_name": "变更后的姓名",
    "new_id_number": "变更后的身份证明号码",
    "origin_office": "原核发地车辆管理所",
    "subject1_date": "科目一考试合格日期",
    "extension_reason": "延期事由（服兵役、出国（境）等）",
    "extension_until": "延期至（最长不超过三年）",
    "downgrade_to": "降级后的准驾车型",
}

FORM_FIELDS_BY_KIND: dict[str, dict[str, str]] = {"vehicle": VEHICLE_FIELDS, "driver": DRIVER_FIELDS}

# DOMAIN.md §8: materials that may never be 容缺 — identity, 来历证明, 合格证/进口凭证, 交强险, the
# vehicle check (VIN) and inspection certificate, 体检证明. A catalogue may add codes, never drop these.
VEHICLE_NEVER_DEFERRABLE = frozenset({"identity", "origin_proof", "conformity_cert", "compulsory_insurance",
                                      "vehicle_check", "inspection_cert", "medical_cert"})
# The driver window: the applicant's identity and the 身体条件证明 (体检证明).
DRIVER_NEVER_DEFERRABLE = frozenset({"identity", "medical_cert"})

NEVER_DEFERRABLE_BY_KIND: dict[str, frozenset[str]] = {"vehicle": VEHICLE_NEVER_DEFERRABLE,
                                                       "driver": DRIVER_NEVER_DEFERRABLE}

# Vehicle-only parts of a catalogue: 号牌 pricing and the plate / register flags of a business.
PLATE_KINDS = frozenset({"vehicle"})
VEHICLE_ONLY_TOP_KEYS = frozenset({"plate_fee_by_type"})
VEHICLE_ONLY_BUSINESS_KEYS = frozenset({"needs_plate_choice", "needs_vehicle"})

#!/usr/bin/env python3
"""Writes a survey-shaped CSV for the benchmarks (deterministic: seeded).

Columns: year, province (63), stratum (province x urban/rural), psu, weight (float), urban 0/1,
sex F/M, age, has_smartphone, has_account, uses_online_public_services (0/1).
"""
import random
import sys

PROVINCES = [
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre",
    "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cần Thơ", "Cao Bằng",
    "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang",
    "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên",
    "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An",
    "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình",
    "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh",
    "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "TP. Hồ Chí Minh",
    "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
]


def main(path, rows, seed=411):
    rnd = random.Random(seed)
    assert len(PROVINCES) == 63
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("year,province,stratum,psu,weight,urban,sex,age,has_smartphone,has_account,uses_online_public_services\n")
        out = []
        for i in range(rows):
            p = rnd.randrange(63)
            urban = 1 if rnd.random() < 0.38 else 0
            year = 2022 + i % 3
            stratum = p * 2 + urban
            psu = stratum * 250 + rnd.randrange(250)
            weight = round(rnd.uniform(50, 400), 3)
            age = rnd.randint(15, 90)
            base = 0.55 + 0.2 * urban + 0.04 * (year - 2022) - 0.004 * max(0, age - 40)
            phone = 1 if rnd.random() < base else 0
            account = 1 if rnd.random() < base - 0.05 else 0
            online = 1 if rnd.random() < base - 0.25 else 0
            out.append(f"{year},{PROVINCES[p]},{stratum},{psu},{weight},{urban},{'F' if rnd.random() < 0.51 else 'M'},{age},{phone},{account},{online}\n")
            if len(out) == 50000:
                f.write("".join(out))
                out = []
        f.write("".join(out))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000)

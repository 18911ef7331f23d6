"""Writes yearbook.xlsx (openpyxl, PyPI): sheets laid out as statistical yearbooks are — a title
merged across the table and a unit line ("Đơn vị tính: %") above the header, years as numbers
across the columns, and a merged "Năm" over the years. Run from this folder."""
import openpyxl

wb = openpyxl.Workbook()
rows = [("Nghệ An", 72.5, 78.1, 83.4), ("Hà Tĩnh", 70.2, 75.0, 80.9), ("Nam Định", 75.8, 79.3, 84.0)]

ws = wb.active
ws.title = "Niên giám"
ws["A1"] = "Tỷ lệ hộ gia đình có kết nối Internet cáp quang phân theo tỉnh"
ws.merge_cells("A1:D1")
ws["D2"] = "Đơn vị tính: %"
ws.append([])
ws.append(["Tỉnh", 2022, 2023, 2024])           # row 4: years as numbers
for r in rows:
    ws.append(list(r))

ws = wb.create_sheet("Năm gộp")
ws["A1"] = "Tỷ lệ người dân có chữ ký số"
ws.merge_cells("A1:D1")
ws["A2"] = "Đơn vị tính: %"
ws["A3"] = "Tỉnh"
ws.merge_cells("A3:A4")
ws["B3"] = "Năm"
ws.merge_cells("B3:D3")
for j, y in enumerate([2022, 2023, 2024]):
    ws.cell(row=4, column=2 + j, value=y)
for i, r in enumerate(rows):
    for j, v in enumerate(r):
        ws.cell(row=5 + i, column=1 + j, value=v)

wb.save("yearbook.xlsx")

"""A reduced line chart (M4: first, lowest, highest and last point of each column) draws the
same picture as every point drawn: both SVGs rendered by rsvg-convert, their PNGs decoded here
(zlib, the PNG filters) and compared pixel by pixel. Also: the reduced SVG is small.

Usage: python3 Tests/e2e/chart_reduction.py path/to/chiso"""
import os, random, struct, subprocess, sys, tempfile, zlib

chiso = os.path.abspath(sys.argv[1])
passed = failed = 0

def check(ok, what):
    global passed, failed
    if ok: passed += 1
    else:
        failed += 1
        print("FAIL", what)

def png_pixels(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, w, bpp = 8, b"", 0, 4
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, color = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and color in (2, 6), f"8-bit RGB or RGBA expected, got depth {depth} colour type {color}"
            bpp = 4 if color == 6 else 3
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw, stride = zlib.decompress(idat), w * bpp
    rows, prev, i = [], bytearray(stride), 0
    while i < len(raw):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line)); prev = line
    return [(r, bpp) for r in rows]

work = tempfile.mkdtemp(prefix="chiso-charts-")
rnd = random.Random(411)
with open(os.path.join(work, "walk.csv"), "w") as f:
    f.write("x,y,g\n")
    y = [0.0, 0.0]
    for i in range(60000):
        g = i % 2
        y[g] += rnd.gauss(0, 1)
        f.write(f"{i},{y[g]:.4f},{'ab'[g]}\n")
for name, plot in [("one", "plot line x, y"), ("two", "plot line x, y by g")]:
    outs = {}
    for mode, env in [("reduced", {}), ("every", {"CHISO_DRAW_EVERY_POINT": "1"})]:
        svg = os.path.join(work, f"{name}_{mode}.svg")
        subprocess.run([chiso, "-c", f'from "walk.csv" | {plot} to "{svg}"'], cwd=work, check=True,
                       env={**os.environ, **env}, capture_output=True)
        png = svg + ".png"
        subprocess.run(["rsvg-convert", "-o", png, svg], check=True)
        outs[mode] = (os.path.getsize(svg), png_pixels(png))
    (rs, rp), (es, ep) = outs["reduced"], outs["every"]
    check(len(rp) == len(ep), f"{name}: image sizes differ")
    differing = sum(1 for (a, n), (b, _) in zip(rp, ep) for k in range(0, len(a), n)
                    if max(abs(a[k + c] - b[k + c]) for c in range(n)) > 16)
    total = sum(len(r) // n for r, n in rp)
    print(f"{name}: reduced SVG {rs} bytes, every point {es} bytes; {differing} of {total} pixels differ by more than 16/255")
    check(differing <= total // 1000, f"{name}: {differing} pixels differ")
    check(rs < 1_000_000 and rs < es, f"{name}: the reduced SVG is {rs} bytes")
print(f"chart reduction: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)

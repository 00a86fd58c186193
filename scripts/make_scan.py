#!/usr/bin/env python3
"""Makes an image-only ("scanned") PDF from any PDF, to try OCR on pages whose truth is
known: pdftoppm renders each page at DPI, the page is turned by DEG degrees and given
grain (seeded noise), and each image is wrapped into a PDF page (Flate-compressed grey).
Standard library only.

usage: make_scan.py IN.pdf OUT.pdf [--dpi 200] [--deg 0.5] [--noise 12] [--seed 1]
"""
import argparse, math, os, random, subprocess, tempfile, zlib

def pgm(path):
    b = open(path, 'rb').read()
    parts = b.split(None, 4)
    w, h = int(parts[1]), int(parts[2])
    return w, h, bytearray(b[len(b) - w * h:])

def rotate(w, h, px, deg):
    if deg == 0:
        return px
    s, c = math.sin(math.radians(deg)), math.cos(math.radians(deg))
    cx, cy = w / 2, h / 2
    out = bytearray(b'\xff' * (w * h))
    for y in range(h):
        dy = y - cy
        for x in range(w):
            dx = x - cx
            sx, sy = int(round(c * dx + s * dy + cx)), int(round(-s * dx + c * dy + cy))
            if 0 <= sx < w and 0 <= sy < h:
                out[y * w + x] = px[sy * w + sx]
    return out

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('src'); ap.add_argument('dst')
    ap.add_argument('--dpi', type=int, default=200); ap.add_argument('--deg', type=float, default=0.5)
    ap.add_argument('--noise', type=int, default=12); ap.add_argument('--seed', type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    with tempfile.TemporaryDirectory() as d:
        subprocess.run(['pdftoppm', '-gray', '-r', str(a.dpi), a.src, os.path.join(d, 'p')], check=True)
        pages = sorted(f for f in os.listdir(d) if f.endswith('.pgm'))
        objs = []  # (body bytes)
        kids = []
        for i, f in enumerate(pages):
            w, h, px = pgm(os.path.join(d, f))
            px = rotate(w, h, px, a.deg * (1 if i % 2 == 0 else -1))
            if a.noise:
                for k in range(len(px)):
                    v = px[k] + rnd.randint(-a.noise, a.noise)
                    px[k] = 0 if v < 0 else 255 if v > 255 else v
            data = zlib.compress(bytes(px), 6)
            pw, ph = w * 72 / a.dpi, h * 72 / a.dpi
            content = f'q {pw:.2f} 0 0 {ph:.2f} 0 0 cm /Im0 Do Q'.encode()
            img = f'<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length {len(data)} >>\nstream\n'.encode() + data + b'\nendstream'
            base = 3 + len(objs)
            objs.append(img)
            objs.append(f'<< /Length {len(content)} >>\nstream\n'.encode() + content + b'\nendstream')
            objs.append(f'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pw:.2f} {ph:.2f}] /Resources << /XObject << /Im0 {base} 0 R >> >> /Contents {base + 1} 0 R >>'.encode())
            kids.append(base + 2)
        allobjs = [b'<< /Type /Catalog /Pages 2 0 R >>', f'<< /Type /Pages /Kids [{" ".join(f"{k} 0 R" for k in kids)}] /Count {len(kids)} >>'.encode()] + objs
        out = bytearray(b'%PDF-1.7\n')
        offs = []
        for n, body in enumerate(allobjs, 1):
            offs.append(len(out))
            out += f'{n} 0 obj\n'.encode() + body + b'\nendobj\n'
        x = len(out)
        out += f'xref\n0 {len(allobjs) + 1}\n0000000000 65535 f \n'.encode()
        for o in offs:
            out += f'{o:010} 00000 n \n'.encode()
        out += f'trailer\n<< /Size {len(allobjs) + 1} /Root 1 0 R >>\nstartxref\n{x}\n%%EOF\n'.encode()
        open(a.dst, 'wb').write(out)

main()

#!/usr/bin/env python3
"""Prints, for each wasm file given, its size and the most locals any one function declares.

cosmwasm-vm refuses a function with more than 100 declared locals; scripts/build.sh gates below
that with cosmwasm-check, and this report shows how much headroom each artifact has left.
Usage: wasm_locals.py FILE.wasm ...   (prints "<file> <bytes> <max locals> <function index>")
"""
import os
import sys


def leb_u32(data, pos):
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7


def count_imported_functions(data, pos, end):
    count, pos = leb_u32(data, pos)
    functions = 0
    for _ in range(count):
        for _ in range(2):  # module and field names
            length, pos = leb_u32(data, pos)
            pos += length
        kind = data[pos]
        pos += 1
        if kind == 0:  # function: type index
            _, pos = leb_u32(data, pos)
            functions += 1
        elif kind == 1:  # table: reftype + limits
            pos += 1
            flags, pos = leb_u32(data, pos)
            _, pos = leb_u32(data, pos)
            if flags & 1:
                _, pos = leb_u32(data, pos)
        elif kind == 2:  # memory: limits
            flags, pos = leb_u32(data, pos)
            _, pos = leb_u32(data, pos)
            if flags & 1:
                _, pos = leb_u32(data, pos)
        elif kind == 3:  # global: valtype + mutability
            pos += 2
        else:
            raise ValueError(f"unknown import kind {kind}")
    return functions


def max_locals(data):
    if data[:4] != b"\0asm":
        raise ValueError("not a wasm module")
    pos = 8
    imported = 0
    best = (0, -1)
    while pos < len(data):
        section = data[pos]
        size, pos = leb_u32(data, pos + 1)
        end = pos + size
        if section == 2:
            imported = count_imported_functions(data, pos, end)
        elif section == 10:
            count, p = leb_u32(data, pos)
            for index in range(count):
                body_size, p = leb_u32(data, p)
                body_end = p + body_size
                groups, q = leb_u32(data, p)
                locals_ = 0
                for _ in range(groups):
                    n, q = leb_u32(data, q)
                    q += 1  # value type
                    locals_ += n
                if locals_ > best[0]:
                    best = (locals_, imported + index)
                p = body_end
        pos = end
    return best


def main():
    for path in sys.argv[1:]:
        with open(path, "rb") as f:
            data = f.read()
        locals_, index = max_locals(data)
        print(f"{os.path.basename(path)} {len(data)} {locals_} {index}")


if __name__ == "__main__":
    main()

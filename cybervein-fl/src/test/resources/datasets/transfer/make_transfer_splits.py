#!/usr/bin/env python3
"""Builds the transfer-learning settings of cybervein-fl's tests from FATE's hetero data files.

Run from this folder with the source files beside it (or give their folder as the argument):
    python3 make_transfer_splits.py ../../../../../../../shared/datasets
Python 3 standard library only; the output is byte-for-byte reproducible (fixed seeds).

Each source pair (guest = B's features and label, host = A's features, same ids in the same order)
is cut by user: the ids are shuffled with random.Random(seed); the first 20% become the overlap
(users both parties hold), the next 40% B's own users, the last 40% A's own users. B's file keeps
the overlap and its own users with their labels; A's file the overlap and its own users without
labels; a third file holds the labels of A's own users, for evaluation only (no party sees it).
Rows keep the order of the source file.
"""
import csv
import os
import random
import sys

SETTINGS = [
    # name, guest file, host file, seed, label mapping (None: keep 0/1)
    ("breast_transfer", "breast_hetero_guest.csv", "breast_hetero_host.csv", 18, None),
    ("vehicle_transfer", "vehicle_scale_hetero_guest.csv", "vehicle_scale_hetero_host.csv", 18, "3"),
]
OVERLAP, GUEST_ONLY = 0.2, 0.4


def read(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def write(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main(source):
    for name, guest_file, host_file, seed, positive in SETTINGS:
        gh, guest = read(os.path.join(source, guest_file))
        hh, host = read(os.path.join(source, host_file))
        assert [r[0] for r in guest] == [r[0] for r in host], "files not aligned"
        if positive is not None:  # one class against the rest
            guest = [[r[0], "1" if r[1] == positive else "0"] + r[2:] for r in guest]
        ids = [r[0] for r in guest]
        shuffled = ids[:]
        random.Random(seed).shuffle(shuffled)
        n_overlap = round(OVERLAP * len(ids))
        n_guest = round(GUEST_ONLY * len(ids))
        overlap = set(shuffled[:n_overlap])
        guest_only = set(shuffled[n_overlap : n_overlap + n_guest])
        host_only = set(shuffled[n_overlap + n_guest :])
        write(f"{name}_guest.csv", gh, [r for r in guest if r[0] in overlap | guest_only])
        write(f"{name}_host.csv", hh, [r for r in host if r[0] in overlap | host_only])
        write(f"{name}_host_labels.csv", ["id", "y"], [r[:2] for r in guest if r[0] in host_only])
        print(name, len(overlap), "shared,", len(guest_only), "B only,", len(host_only), "A only")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")

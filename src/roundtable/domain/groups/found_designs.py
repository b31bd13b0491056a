"""Designs found by search once and kept as data, so that they need no search again.

``CYCLIC_BASES[(groups, size, rounds)] = (m, classes, base_rounds)``: the base rounds of a
cyclic design (see ``constructions.cyclic``): players are ``classes`` copies of Z_m plus the
fixed players numbered from classes * m; translating each base round by t = 0..m-1 gives the
rounds. Each was found by ``constructions.cyclic_bases`` with the seed and work noted beside it,
and tests/domain/groups/test_found_designs.py checks every one with the independent validator.
"""

CYCLIC_BASES: dict[tuple[int, int, int], tuple[int, int, list[list[list[int]]]]] = {}

# 48 people in 16 groups of 3, 23 rounds: Z_23 x 2 + 2 fixed; cyclic_bases(seed=0), 7.7 CPU s.
CYCLIC_BASES[(16, 3, 23)] = (
    23,
    2,
    [
        [
            [46, 32, 17],
            [47, 24, 16],
            [39, 12, 33],
            [31, 2, 22],
            [25, 20, 36],
            [30, 28, 10],
            [21, 6, 8],
            [34, 26, 27],
            [45, 15, 3],
            [43, 9, 23],
            [5, 19, 0],
            [41, 1, 18],
            [35, 40, 44],
            [29, 42, 7],
            [37, 4, 11],
            [13, 38, 14],
        ]
    ],
)

# 39 people in 13 groups of 3, 19 rounds: Z_19 x 2 + 1 fixed; cyclic_bases(seed=0), 27.3 CPU s.
CYCLIC_BASES[(13, 3, 19)] = (
    19,
    2,
    [
        [
            [38, 7, 24],
            [34, 36, 25],
            [35, 31, 12],
            [14, 32, 5],
            [33, 19, 17],
            [20, 23, 10],
            [16, 30, 4],
            [18, 21, 1],
            [27, 3, 2],
            [29, 22, 28],
            [11, 15, 26],
            [8, 0, 13],
            [9, 37, 6],
        ]
    ],
)

# 28 people in 7 groups of 4, 9 rounds: Z_9 x 3 + 1 fixed; cyclic_bases(seed=0), 4.9 CPU s.
CYCLIC_BASES[(7, 4, 9)] = (
    9,
    3,
    [
        [
            [27, 25, 7, 14],
            [1, 4, 5, 24],
            [23, 2, 18, 13],
            [15, 11, 3, 17],
            [20, 19, 16, 22],
            [6, 12, 21, 8],
            [10, 0, 26, 9],
        ]
    ],
)

# 42 people in 14 groups of 3, 20 rounds: Z_20 x 2 + 2 fixed; cyclic_bases(seed=0), 22.4 CPU s.
CYCLIC_BASES[(14, 3, 20)] = (
    20,
    2,
    [
        [
            [40, 17, 39],
            [41, 28, 2],
            [7, 20, 22],
            [36, 33, 15],
            [10, 3, 19],
            [5, 32, 0],
            [1, 38, 4],
            [18, 27, 34],
            [14, 8, 16],
            [21, 30, 26],
            [35, 12, 11],
            [24, 13, 23],
            [29, 37, 9],
            [6, 31, 25],
        ]
    ],
)

"""N-body: a small planetary system integrated with a symplectic Euler step.

Stresses float arithmetic on values kept in short per-body lists, a double loop over all
pairs of bodies, and indexing in tight loops (the classic shape of a numeric Python kernel).
"""

import math

SOLAR_MASS = 4.0 * math.pi * math.pi
DAYS_PER_YEAR = 365.24


def make_body(position, velocity, mass):
    """A body is [x, y, z, vx, vy, vz, mass]; velocities are given per year."""
    x, y, z = position
    vx, vy, vz = velocity
    return [x, y, z, vx * DAYS_PER_YEAR, vy * DAYS_PER_YEAR, vz * DAYS_PER_YEAR, mass * SOLAR_MASS]


def make_system():
    """A sun and four made-up planets on roughly circular orbits."""
    return [
        make_body((0.0, 0.0, 0.0), (0.0, 0.0, 0.0), 1.0),
        make_body((4.9, -1.3, -0.11), (0.0018, 0.0076, -0.00007), 0.00095),
        make_body((8.1, 4.3, -0.38), (-0.0028, 0.0049, 0.00002), 0.00029),
        make_body((12.7, -15.2, -0.21), (0.0030, 0.0023, -0.00003), 0.000044),
        make_body((15.6, -25.8, 0.18), (0.0027, 0.0016, -0.00009), 0.000051),
    ]


def offset_momentum(bodies):
    """Give the sun the momentum that makes the system's total momentum zero."""
    px = py = pz = 0.0
    for body in bodies:
        mass = body[6]
        px += body[3] * mass
        py += body[4] * mass
        pz += body[5] * mass
    sun = bodies[0]
    sun[3] = -px / SOLAR_MASS
    sun[4] = -py / SOLAR_MASS
    sun[5] = -pz / SOLAR_MASS


def energy(bodies):
    total = 0.0
    count = len(bodies)
    for i in range(count):
        a = bodies[i]
        total += 0.5 * a[6] * (a[3] * a[3] + a[4] * a[4] + a[5] * a[5])
        for j in range(i + 1, count):
            b = bodies[j]
            dx = a[0] - b[0]
            dy = a[1] - b[1]
            dz = a[2] - b[2]
            total -= a[6] * b[6] / math.sqrt(dx * dx + dy * dy + dz * dz)
    return total


def advance(bodies, dt, steps):
    count = len(bodies)
    for _ in range(steps):
        for i in range(count):
            a = bodies[i]
            for j in range(i + 1, count):
                b = bodies[j]
                dx = a[0] - b[0]
                dy = a[1] - b[1]
                dz = a[2] - b[2]
                dist2 = dx * dx + dy * dy + dz * dz
                mag = dt / (dist2 * math.sqrt(dist2))
                bm = b[6] * mag
                am = a[6] * mag
                a[3] -= dx * bm
                a[4] -= dy * bm
                a[5] -= dz * bm
                b[3] += dx * am
                b[4] += dy * am
                b[5] += dz * am
        for body in bodies:
            body[0] += dt * body[3]
            body[1] += dt * body[4]
            body[2] += dt * body[5]


# run() at the default scale, computed once with this file under CPython 3.11.
EXPECTED = (-0.16729393072814547, -0.1672586457030121)


def run(scale: int = 1) -> object:
    bodies = make_system()
    offset_momentum(bodies)
    before = energy(bodies)
    advance(bodies, 0.01, 8000 * scale)
    after = energy(bodies)
    return (before, after)


def check(result) -> None:
    before, after = result
    assert abs(before - EXPECTED[0]) < 1e-12, result
    assert abs(after - EXPECTED[1]) < 1e-12, result

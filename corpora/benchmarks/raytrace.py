"""A small ray tracer: spheres over a checkered floor, one light, shadows and reflections.

Stresses a small immutable vector class (``__slots__``, operator methods creating many
short-lived objects), module-level vector helpers, float maths with ``math.sqrt``, and
polymorphic ``intersect``/``normal_at`` methods on scene objects.
"""

import math

EPSILON = 1e-6
MAX_DEPTH = 2


class Vec:
    __slots__ = ("x", "y", "z")

    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def __add__(self, other):
        return Vec(self.x + other.x, self.y + other.y, self.z + other.z)

    def __sub__(self, other):
        return Vec(self.x - other.x, self.y - other.y, self.z - other.z)

    def scale(self, k):
        return Vec(self.x * k, self.y * k, self.z * k)

    def dot(self, other):
        return self.x * other.x + self.y * other.y + self.z * other.z

    def length(self):
        return math.sqrt(self.dot(self))

    def normalized(self):
        return self.scale(1.0 / self.length())


def mix(a, b):
    """Component-wise product: a surface colour filtering the light's colour."""
    return Vec(a.x * b.x, a.y * b.y, a.z * b.z)


def reflect(direction, normal):
    return direction - normal.scale(2.0 * direction.dot(normal))


def clamp(value):
    return 0.0 if value < 0.0 else 1.0 if value > 1.0 else value


class Ray:
    __slots__ = ("direction", "origin")

    def __init__(self, origin, direction):
        self.origin = origin
        self.direction = direction

    def at(self, t):
        return self.origin + self.direction.scale(t)


class Sphere:
    def __init__(self, center, radius, color, reflectivity):
        self.center = center
        self.radius = radius
        self.color = color
        self.reflectivity = reflectivity

    def intersect(self, ray):
        """Distance along ``ray`` to the nearest hit in front of its origin, or None."""
        oc = ray.origin - self.center
        b = oc.dot(ray.direction)
        c = oc.dot(oc) - self.radius * self.radius
        disc = b * b - c
        if disc < 0.0:
            return None
        root = math.sqrt(disc)
        t = -b - root
        if t > EPSILON:
            return t
        t = -b + root
        return t if t > EPSILON else None

    def normal_at(self, point):
        return (point - self.center).normalized()

    def color_at(self, point):
        return self.color


class Floor:
    def __init__(self, height, reflectivity):
        self.height = height
        self.reflectivity = reflectivity

    def intersect(self, ray):
        if abs(ray.direction.y) < EPSILON:
            return None
        t = (self.height - ray.origin.y) / ray.direction.y
        return t if t > EPSILON else None

    def normal_at(self, point):
        return Vec(0.0, 1.0, 0.0)

    def color_at(self, point):
        if (math.floor(point.x) + math.floor(point.z)) % 2 == 0:
            return Vec(0.9, 0.9, 0.9)
        return Vec(0.2, 0.2, 0.25)


def nearest_hit(objects, ray):
    best = None
    best_t = math.inf
    for obj in objects:
        t = obj.intersect(ray)
        if t is not None and t < best_t:
            best = obj
            best_t = t
    return best, best_t


def in_shadow(objects, point, light):
    to_light = light - point
    distance = to_light.length()
    ray = Ray(point, to_light.scale(1.0 / distance))
    for obj in objects:
        t = obj.intersect(ray)
        if t is not None and t < distance:
            return True
    return False


def trace(objects, light, ray, depth):
    obj, t = nearest_hit(objects, ray)
    if obj is None:
        return Vec(0.1, 0.15, 0.3)
    point = ray.at(t)
    normal = obj.normal_at(point)
    base = obj.color_at(point)
    color = base.scale(0.1)
    if not in_shadow(objects, point, light):
        diffuse = (light - point).normalized().dot(normal)
        if diffuse > 0.0:
            color = color + base.scale(diffuse)
    if depth < MAX_DEPTH and obj.reflectivity > 0.0:
        bounced = Ray(point, reflect(ray.direction, normal))
        color = color + trace(objects, light, bounced, depth + 1).scale(obj.reflectivity)
    return color


def make_scene():
    objects = [
        Sphere(Vec(0.0, 1.0, 5.0), 1.0, Vec(0.9, 0.2, 0.2), 0.3),
        Sphere(Vec(-2.2, 0.7, 6.5), 0.7, Vec(0.2, 0.8, 0.3), 0.1),
        Sphere(Vec(2.0, 0.5, 4.2), 0.5, Vec(0.3, 0.4, 0.9), 0.5),
        Floor(0.0, 0.2),
    ]
    return objects, Vec(-4.0, 6.0, 1.0)


def render(width, height):
    objects, light = make_scene()
    eye = Vec(0.0, 1.2, -1.0)
    pixels = []
    for j in range(height):
        y = 1.0 - 2.0 * (j + 0.5) / height
        for i in range(width):
            x = (2.0 * (i + 0.5) / width - 1.0) * width / height
            direction = Vec(x, y, 1.5).normalized()
            color = trace(objects, light, Ray(eye, direction), 0)
            pixels.append(
                (int(clamp(color.x) * 255), int(clamp(color.y) * 255), int(clamp(color.z) * 255))
            )
    return pixels


def checksum(pixels):
    total = 0
    for r, g, b in pixels:
        total = (total * 131 + r * 65536 + g * 256 + b) % 2_147_483_647
    return total


# run() at the default scale, computed once with this file under CPython 3.11.
EXPECTED = (4800, 1749708315)


def run(scale: int = 1) -> object:
    pixels = render(80 * scale, 60)
    return (len(pixels), checksum(pixels))


def check(result) -> None:
    assert result == EXPECTED, result

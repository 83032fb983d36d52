"""Richards-style task scheduler: prioritised tasks passing packets through queues.

An object-oriented kernel in the spirit of the classic operating-system simulation: a
scheduler picks the highest-priority runnable task, tasks are subclasses overriding one
``step`` method, packets travel on singly linked queues, and state lives in attributes.
Stresses method calls, virtual dispatch, attribute loads/stores and ``is None`` tests.
"""

IDLE, WORKER, HANDLER_A, HANDLER_B, DEVICE_A, DEVICE_B = range(6)
TASK_COUNT = 6
WORK_PACKET = 0
DEVICE_PACKET = 1
BUFFER_SIZE = 4


class Packet:
    __slots__ = ("data", "destination", "kind", "link", "value")

    def __init__(self, link, destination, kind):
        self.link = link
        self.destination = destination
        self.kind = kind
        self.value = 0
        self.data = [0] * BUFFER_SIZE

    def append_to(self, queue):
        """Put this packet at the end of ``queue`` and return the new queue head."""
        self.link = None
        if queue is None:
            return self
        tail = queue
        while tail.link is not None:
            tail = tail.link
        tail.link = self
        return queue


class Task:
    """A task control block and its behaviour; subclasses implement ``step``."""

    def __init__(self, scheduler, ident, priority, queue):
        self.scheduler = scheduler
        self.ident = ident
        self.priority = priority
        self.queue = queue
        self.waiting = queue is None
        self.held = False
        self.next = None

    def runnable(self):
        return not self.held and (not self.waiting or self.queue is not None)

    def take_packet(self):
        """The packet the task runs with: the head of its queue once it stops waiting."""
        if self.waiting and self.queue is not None:
            packet = self.queue
            self.queue = packet.link
            self.waiting = False
            return packet
        return None

    def receive(self, packet):
        """Queue ``packet`` here; True when this task should preempt the sender."""
        if self.queue is None and self.waiting:
            self.queue = packet
            packet.link = None
            return self.priority > self.scheduler.current.priority
        self.queue = packet.append_to(self.queue)
        return False

    def step(self, packet):
        raise NotImplementedError


class IdleTask(Task):
    def __init__(self, scheduler, ident, priority, queue, count):
        super().__init__(scheduler, ident, priority, queue)
        self.seed = 1
        self.count = count

    def step(self, packet):
        self.count -= 1
        if self.count == 0:
            return self.scheduler.hold_current()
        self.seed = xorshift16(self.seed)
        if self.seed & 1:
            return self.scheduler.release(DEVICE_B)
        return self.scheduler.release(DEVICE_A)


class WorkerTask(Task):
    def __init__(self, scheduler, ident, priority, queue):
        super().__init__(scheduler, ident, priority, queue)
        self.target = HANDLER_A
        self.letter = 0

    def step(self, packet):
        if packet is None:
            return self.scheduler.wait_current()
        self.target = HANDLER_B if self.target == HANDLER_A else HANDLER_A
        packet.destination = self.target
        packet.value = 0
        for i in range(BUFFER_SIZE):
            self.letter = (self.letter + 1) % 26
            packet.data[i] = self.letter
        return self.scheduler.send(packet)


class HandlerTask(Task):
    def __init__(self, scheduler, ident, priority, queue):
        super().__init__(scheduler, ident, priority, queue)
        self.work = None
        self.devices = None

    def step(self, packet):
        if packet is not None:
            if packet.kind == WORK_PACKET:
                self.work = packet.append_to(self.work)
            else:
                self.devices = packet.append_to(self.devices)
        if self.work is None:
            return self.scheduler.wait_current()
        work = self.work
        if work.value >= BUFFER_SIZE:
            self.work = work.link
            return self.scheduler.send(work)
        if self.devices is None:
            return self.scheduler.wait_current()
        device = self.devices
        self.devices = device.link
        device.value = work.data[work.value]
        work.value += 1
        return self.scheduler.send(device)


class DeviceTask(Task):
    def __init__(self, scheduler, ident, priority, queue):
        super().__init__(scheduler, ident, priority, queue)
        self.pending = None

    def step(self, packet):
        if packet is None:
            if self.pending is None:
                return self.scheduler.wait_current()
            pending = self.pending
            self.pending = None
            return self.scheduler.send(pending)
        self.pending = packet
        self.scheduler.checksum = (self.scheduler.checksum * 7 + packet.value) % 65521
        return self.scheduler.hold_current()


class Scheduler:
    def __init__(self):
        self.tasks = [None] * TASK_COUNT
        self.head = None
        self.current = None
        self.sends = 0
        self.holds = 0
        self.checksum = 0

    def add(self, task):
        """Insert ``task`` into the run list, which is kept in descending priority order."""
        self.tasks[task.ident] = task
        if self.head is None or task.priority > self.head.priority:
            task.next = self.head
            self.head = task
            return
        node = self.head
        while node.next is not None and node.next.priority >= task.priority:
            node = node.next
        task.next = node.next
        node.next = task

    def hold_current(self):
        self.holds += 1
        self.current.held = True
        return self.current.next

    def wait_current(self):
        self.current.waiting = True
        return self.current

    def release(self, ident):
        task = self.tasks[ident]
        task.held = False
        if task.priority > self.current.priority:
            return task
        return self.current

    def send(self, packet):
        self.sends += 1
        target = self.tasks[packet.destination]
        packet.destination = self.current.ident
        if target.receive(packet):
            return target
        return self.current

    def schedule(self):
        task = self.head
        while task is not None:
            if task.runnable():
                self.current = task
                task = task.step(task.take_packet())
            else:
                task = task.next


def xorshift16(x):
    x ^= (x << 7) & 0xFFFF
    x ^= x >> 9
    x ^= (x << 8) & 0xFFFF
    return x


def packets(count, destination, kind):
    queue = None
    for _ in range(count):
        queue = Packet(queue, destination, kind)
    return queue


def simulate(idle_count):
    s = Scheduler()
    s.add(IdleTask(s, IDLE, 0, None, idle_count))
    s.add(WorkerTask(s, WORKER, 1000, packets(2, WORKER, WORK_PACKET)))
    s.add(HandlerTask(s, HANDLER_A, 2000, packets(3, DEVICE_A, DEVICE_PACKET)))
    s.add(HandlerTask(s, HANDLER_B, 3000, packets(3, DEVICE_B, DEVICE_PACKET)))
    s.add(DeviceTask(s, DEVICE_A, 4000, None))
    s.add(DeviceTask(s, DEVICE_B, 5000, None))
    s.tasks[IDLE].waiting = False
    s.schedule()
    return (s.sends, s.holds, s.checksum)


# run() at the default scale, computed once with this file under CPython 3.11.
EXPECTED = (28065, 11226, 43272)


def run(scale: int = 1) -> object:
    return simulate(12000 * scale)


def check(result) -> None:
    assert result == EXPECTED, result

# ruff: noqa  (golden fixture: the expected output is generated code)
def guarded(path, opener):
    status = 'start'
    try:
        with opener(path) as handle:
            data = handle.read()
            status = 'read'
    except (OSError, ValueError) as err:
        return (status, str(err))
    else:
        status = 'done'
    finally:
        opener.closed = True
    return (status, data)


def retry(action, attempts):
    for attempt in range(attempts):
        try:
            return action(attempt)
        except KeyError:
            continue
        finally:
            attempts -= 1
    raise RuntimeError('gave up') from None

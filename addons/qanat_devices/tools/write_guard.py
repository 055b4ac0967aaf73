"""Fields that only a model's own methods may write.

A guard puts an object in the context; RPC clients can only send JSON, so no
client can forge it, while server code passes it with :meth:`WriteGuard.allow`.
"""


class WriteGuard:
    def __init__(self, name):
        self.key = f"qanat_write_guard_{name}"
        self.token = object()

    def allow(self, records):
        """``records`` in an environment where the guarded fields may be written."""
        return records.with_context(**{self.key: self.token})

    def is_allowed(self, records):
        return records.env.context.get(self.key) is self.token

"""A tab's kernel closing stops what the tab runs.

Solara closes a tab's kernel when the tab is closed, or ten minutes after it vanished. It then
runs the page's effect cleanups, and the page's (`Session.close`) cancels the play and compare
tasks: Solara does not cancel a threaded task at kernel close by itself.
"""

import time

import solara
import solara.server.app  # noqa: F401  patches threads as in the server: one started in a kernel runs in it
from solara.server import kernel, kernel_context

from sim.dashboard import app
from sim.dashboard.state import Session


def test_closing_the_kernel_stops_play(monkeypatch):
    sessions, closed = [], []

    class Recorded(Session):
        def __init__(self):
            super().__init__()
            sessions.append(self)

        def close(self):
            closed.append(self)
            super().close()

    monkeypatch.setattr(app, "Session", Recorded)
    context = kernel_context.VirtualKernelContext(id="test-kernel", kernel=kernel.Kernel(), session_id="test")
    with context:
        _, render_context = solara.render(app.Page(), handle_error=False)
        context.app_object = render_context
        session, = sessions
        session.frame.subscribe(session.saw_frame)  # a browser that reports every frame
        session.play()
        deadline = time.monotonic() + 30
        while session.model.steps < 2:
            assert time.monotonic() < deadline, "play did not start"
            time.sleep(0.01)
    context.close()
    assert closed == [session]
    time.sleep(0.5)  # a month under way ends
    steps = session.model.steps
    time.sleep(1)
    assert session.model.steps == steps

"""The trust boundary: test cells run in the grader; the student's kernel only answers for the student's names.

The rule every test cell follows (checked in CI by tests/test_check_cells.py): a student's names - what the
notebook's other code cells define, apart from imports - appear only in the first argument of a check or in the
arguments of ``checks.call``. So each such *handed-over* expression can be evaluated in the kernel on its own,
and everything else - the visible and hidden checks, the expected values and the data they come from - runs
here, in the grading process, with the course's own ``nkcourse`` and the notebook's imports.

``TrustedTests.run`` rewrites each handed-over expression into a request to the kernel (``Bridge.fetch``),
executes the test cell here and returns its verdict as notebook outputs: nothing, or one error saying what is
wrong. The kernel receives the handed-over expressions and the data a hidden test passes to a student's
function; it never receives a test cell, an expected value or a check.
"""
from __future__ import annotations

import ast
import builtins
import contextlib
import functools
import io
from collections.abc import Callable

import nbformat

from .credit import is_test
from .handover import Remote, decode, encode, reraise

FETCH = "_nkgrade_fetch"
MAX_PRINTED = 100_000  # what a test cell itself prints is kept up to this many characters


def parse(source: str) -> ast.Module:
    """A cell's code as Python, after IPython's own rewriting of magics and shell escapes."""
    from IPython.core.inputtransformer2 import TransformerManager
    return ast.parse(TransformerManager().transform_cell(source))


def notebook_names(cells) -> tuple[set[str], set[str]]:
    """(the student's names: what the notebook's non-test code cells define, apart from imports; what they import)."""
    defined, imported = set(), set()
    for cell in cells:
        if cell.cell_type != "code" or is_test(cell):
            continue
        for node in ast.walk(parse(cell.source)):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                imported |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                defined.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                defined.add(node.id)
    return defined - imported, imported


@functools.lru_cache(maxsize=32)
def _setup(sources: tuple[str, ...]):
    """(the student's names, the compiled imports) of a notebook's non-test cells (cached per notebook)."""
    cells = [nbformat.v4.new_code_cell(source) for source in sources]
    student, _ = notebook_names(cells)
    imports = [n for source in sources for n in parse(source).body if isinstance(n, (ast.Import, ast.ImportFrom))]
    return frozenset(student), compile(ast.Module(imports, []), "<notebook imports>", "exec")


def is_check(node) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "checks")


def uses(node, names: set[str]) -> bool:
    return any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(node))


def bound_inside(node) -> set[str]:
    """Names an expression binds itself (comprehension variables), which the kernel resolves on its own."""
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}


def handed_over(tree, student: set[str]) -> list[ast.expr]:
    """The expressions evaluated in the kernel: a check's first argument, or an argument of checks.call, that
    uses a student's name (a check nested there is evaluated here, its own arguments handed over in turn)."""
    found = []

    def visit(node):
        if is_check(node):
            call = node.func.attr == "call"
            arguments = [*node.args, *[k.value for k in node.keywords]] if call else node.args[:1]
            for argument in arguments:
                inner = argument.value if isinstance(argument, ast.Starred) else argument
                if is_check(inner):
                    visit(inner)
                elif uses(inner, student):
                    found.append(inner)
            rest = [] if call else [*node.args[1:], *[k.value for k in node.keywords]]
            for child in rest:
                visit(child)
            return
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


class _Split(ast.NodeTransformer):
    """Replace each handed-over expression by a request for its value: _nkgrade_fetch("<its source>")."""

    def __init__(self, expressions: list[ast.expr]):
        self.ids = {id(e) for e in expressions}

    def visit(self, node):
        if id(node) in self.ids:
            return ast.copy_location(ast.Call(ast.Name(FETCH, ast.Load()), [ast.Constant(ast.unparse(node))], []), node)
        return super().visit(node)


@functools.lru_cache(maxsize=256)
def split(source: str, student: frozenset[str]):
    """A test cell compiled to run here, and the sources of its handed-over expressions, in order (cached: every
    submission of an assignment has the same test cells)."""
    tree = parse(source)
    expressions = handed_over(tree, set(student))
    tree = ast.fix_missing_locations(_Split(expressions).visit(tree))
    return compile(tree, "<test cell>", "exec"), [ast.unparse(e) for e in expressions]


class HandoverError(Exception):
    """The kernel's reply could not be read: its machinery was altered, or it sent something that is not data."""


class Bridge:
    """The grader's end of the conversation with one kernel. ``ask`` sends a request and returns the reply.

    A twin that came from the kernel remembers the object it stands for, so that passing it back to a
    student's function passes the original (with its own dtypes and class), not a copy."""

    def __init__(self, ask: Callable[[dict], dict]):
        self.ask = ask
        self.kept: dict[int, tuple[object, int]] = {}
        self.ready: dict[str, dict] = {}  # replies fetched ahead, until a call could have changed what they read

    def prefetch(self, expressions: list[str]) -> None:
        """Ask for the values of a test cell's expressions in one request: one round trip, not one each."""
        unique = list(dict.fromkeys(expressions))
        if len(unique) > 1 or len(expressions) > 1:  # several values, or one asked for several times
            replies = self.ask({"op": "fetch_many", "exprs": unique})
            if isinstance(replies, dict) and isinstance(replies.get("replies"), list) and len(replies["replies"]) == len(unique):
                self.ready = dict(zip(unique, replies["replies"]))

    def fetch(self, expression: str):
        reply = self.ready.get(expression)
        return self._receive(reply if reply is not None else self.ask({"op": "fetch", "expr": expression}))

    def call(self, function: Remote, args: tuple, kwargs: dict):
        # The student's function may change the values later expressions read: ask for those again after it
        # (a function itself is kept: rebinding its own name mid-test would only change what it is asked).
        self.ready = {expression: reply for expression, reply in self.ready.items()
                      if isinstance(reply, dict) and "callable" in reply}
        return self._receive(self.ask({"op": "call", "ref": function.ref, "args": [self._argument(a) for a in args],
                                       "kwargs": {str(k): self._argument(v) for k, v in kwargs.items()}}))

    def _argument(self, value) -> dict:
        if isinstance(value, Remote):
            return {"ref": value.ref}
        kept = self.kept.get(id(value))
        if kept is not None and kept[0] is value:
            return {"ref": kept[1]}
        return {"data": encode(value)}

    def _receive(self, reply: dict):
        if isinstance(reply, dict) and isinstance(reply.get("raised"), dict):
            raise reraise(reply["raised"])
        try:
            twin = decode(reply["value"])
            ref = int(reply["ref"])
            if "callable" in reply:
                name = reply["callable"]
                return Remote(getattr(twin, "description", "function"), ref,
                              name[:200] if isinstance(name, str) else None, self.call)
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError, RecursionError) as error:
            raise HandoverError("the answer could not be read back from the notebook's kernel "
                                f"({type(error).__name__}); was the notebook's machinery altered?") from None
        if not isinstance(twin, (bool, int, float, str, type(None))):  # those are shared objects: send them as data
            self.kept[id(twin)] = (twin, ref)
        return twin


class TrustedTests:
    """The test cells of one notebook, run in the grader against what ``ask`` hands over from its kernel.

    They share one namespace, as they would share the kernel's: it starts with the imports of the instructor's
    version of the notebook, and a test cell may use what an earlier test cell defined."""

    def __init__(self, source_nb, ask: Callable[[dict], dict], passes: tuple[type[BaseException], ...] = ()):
        self.student, imports = _setup(tuple(c.source for c in source_nb.cells if c.cell_type == "code" and not is_test(c)))
        self.bridge = Bridge(ask)
        self.passes = passes  # exceptions of the grader's own (a dead kernel) that must reach the caller
        self.namespace: dict = {"__name__": "nkgrade_tests", "__builtins__": builtins, FETCH: self.bridge.fetch}
        exec(imports, self.namespace)  # noqa: S102 - the instructor's imports

    def run(self, source: str) -> list[dict]:
        """Run one test cell here; return its outputs: what it printed, then its error if it failed."""
        code, expressions = split(source, self.student)
        printed = io.StringIO()
        failure = None
        try:
            self.bridge.prefetch(expressions)
            with contextlib.redirect_stdout(printed):
                exec(code, self.namespace)  # noqa: S102 - the instructor's test
        except self.passes:
            raise
        except Exception as error:
            failure = error
        except BaseException as error:  # e.g. SystemExit raised by a student's function, rebuilt here
            if not getattr(type(error), "from_kernel", False):
                raise
            failure = error
        finally:
            self.bridge.ready = {}
        outputs = []
        text = printed.getvalue()[:MAX_PRINTED]
        if text:
            outputs.append({"output_type": "stream", "name": "stdout", "text": text})
        if failure is not None:
            name, message = type(failure).__name__, str(failure)
            outputs.append({"output_type": "error", "ename": name, "evalue": message,
                            "traceback": [f"{name}: {message}" if message else name]})
        return outputs

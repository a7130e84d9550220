"""Run Rapporteur with `python -m app`."""

if __name__ == "__main__":
    import multiprocessing

    from app.cli import main

    multiprocessing.freeze_support()
    raise SystemExit(main())

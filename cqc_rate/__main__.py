from .cli import main

if __name__ == "__main__":  # `python -m cqc_rate`; importing the module runs nothing
    main()

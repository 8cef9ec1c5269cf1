from kitaforms.cli import main

if __name__ == "__main__":  # not when a worker process (the PDF maker) imports the parent's main module
    main()

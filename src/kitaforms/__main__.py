from kitaforms.cli import main

main()

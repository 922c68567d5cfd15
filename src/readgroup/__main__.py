from readgroup.cli import main

main()

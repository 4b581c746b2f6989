from centinela.cli import main

main()

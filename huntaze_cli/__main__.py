from huntaze_cli.cli.main import main

main()

import UpshiftCLI
await UpshiftMain.main()

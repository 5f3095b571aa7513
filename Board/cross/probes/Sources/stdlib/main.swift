print("stdlib probe: \(CommandLine.arguments.count) argument(s)")

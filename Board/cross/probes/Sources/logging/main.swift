import Logging

LoggingSystem.bootstrap(StreamLogHandler.standardError)
let logger = Logger(label: "probe")
logger.notice("logging probe", metadata: ["arguments": "\(CommandLine.arguments.count)"])

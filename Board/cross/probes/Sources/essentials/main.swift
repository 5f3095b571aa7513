import FoundationEssentials

struct Probe: Codable { var arguments: [String] }
let data = try JSONEncoder().encode(Probe(arguments: CommandLine.arguments))
print(String(decoding: data, as: UTF8.self))

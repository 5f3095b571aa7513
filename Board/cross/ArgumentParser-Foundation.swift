// Measurement only (Board/cross/measure-sizes.sh): swift-argument-parser 1.8.2's
// Sources/ArgumentParser/Utilities/Foundation.swift without FoundationEssentials. What is lost:
// LocalizedError's errorDescription in error messages (String(describing:) instead) and the JSON
// of --experimental-dump-help.
extension Error {
  func describe() -> String { String(describing: self) }
}

enum JSONEncoder {
  static func encode<T: Encodable>(_ value: T) -> String { "" }
}

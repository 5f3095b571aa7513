import EditStream
import TestSupport
import XCTest

final class SoundRulesTests: XCTestCase {
    private func change(_ type: ChangeType, ns: Int? = 0, old: Int? = nil, new: Int? = nil, bot: Bool = false) -> RecentChange {
        var change = RecentChange()
        change.type = type
        change.namespace = ns
        change.lengthOld = old
        change.lengthNew = new
        change.bot = bot
        return change
    }

    func testAdditionsDeletionsAndZeroByteEdits() {
        let rules = SoundRules()
        XCTAssertEqual(rules.classify(change(.edit, old: 10, new: 15))?.kind, .addition)
        XCTAssertEqual(rules.classify(change(.edit, old: 10, new: 15))?.delta, 5)
        XCTAssertEqual(rules.classify(change(.edit, old: 10, new: 3))?.kind, .deletion)
        XCTAssertEqual(rules.classify(change(.edit, old: 10, new: 10))?.kind, .deletion)  // as the original
        XCTAssertEqual(rules.classify(change(.new, old: nil, new: 300))?.delta, 300)
        XCTAssertEqual(rules.classify(change(.edit, old: nil, new: 20))?.delta, 20)  // null old counts as 0
        XCTAssertNil(rules.classify(change(.edit, old: 1, new: nil)))  // size unknown: silent
    }

    func testOnlyArticlesSoundByDefault() {
        XCTAssertNil(SoundRules().classify(change(.edit, ns: 1, old: 1, new: 2)))
        XCTAssertNil(SoundRules().classify(change(.edit, ns: nil, old: 1, new: 2)))
        XCTAssertNotNil(SoundRules(namespaces: [0, 1]).classify(change(.edit, ns: 1, old: 1, new: 2)))
        XCTAssertNotNil(SoundRules(namespaces: []).classify(change(.edit, ns: 14, old: 1, new: 2)))
    }

    func testBots() {
        XCTAssertNotNil(SoundRules().classify(change(.edit, old: 1, new: 2, bot: true)))
        XCTAssertNil(SoundRules(includeBots: false).classify(change(.edit, old: 1, new: 2, bot: true)))
    }

    func testNewAccountsButNotByEmailAndNoOtherLogs() {
        for (action, sounds) in [("create", true), ("autocreate", true), ("create2", true), ("byemail", false)] {
            var log = change(.log, ns: 2)
            log.logType = "newusers"
            log.logAction = action
            XCTAssertEqual(SoundRules().classify(log)?.kind == .newuser, sounds, action)
        }
        var delete = change(.log, ns: 0)
        delete.logType = "delete"
        delete.logAction = "delete"
        XCTAssertNil(SoundRules().classify(delete))
        XCTAssertNil(SoundRules().classify(change(.categorize, ns: 14)))
        XCTAssertNil(SoundRules().classify(change(.external, old: 1, new: 2)))
    }
}

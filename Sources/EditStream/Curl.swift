import CCurl

/// An error reported by libcurl, with its own text.
public struct CurlError: Error, CustomStringConvertible {
    public let code: Int
    public let message: String
    public var description: String { "\(message) (curl error \(code))" }

    init(_ code: CURLcode, detail: String = "") {
        self.code = Int(code.rawValue)
        let text = String(cString: curl_easy_strerror(code))
        self.message = detail.isEmpty ? text : "\(text): \(detail)"
    }

    init(multi code: CURLMcode) {
        self.code = Int(code.rawValue)
        self.message = String(cString: curl_multi_strerror(code))
    }
}

/// Thin typed wrappers over libcurl's easy and multi interfaces: every call into libcurl goes
/// through this file.
public enum Curl {
    /// `curl_global_init`; libcurl wants it once, before any thread uses it.
    public static let initialised: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    /// The libcurl version string, e.g. `7.88.1` (`curl_version_info`).
    public static var version: String {
        guard let info = wc_curl_version_info(), let text = info.pointee.version else { return "unknown" }
        return String(cString: text)
    }
}

/// One transfer (`CURL *`). The corresponding C functions are `curl_easy_*`.
final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    /// libcurl writes its detailed message here; it must live as long as the handle.
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init() throws {
        _ = Curl.initialised
        guard let handle = curl_easy_init() else { throw CurlError(CURLE_FAILED_INIT) }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        try check(wc_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    func set(_ option: CURLoption, _ value: Int) throws {
        try check(wc_easy_setopt_long(handle, option, value))
    }

    func set(_ option: CURLoption, _ value: String) throws {
        try check(wc_easy_setopt_string(handle, option, value))
    }

    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws {
        try check(wc_easy_setopt_pointer(handle, option, pointer))
    }

    func setWriteFunction(_ function: wc_curl_write_fn) throws {
        try check(wc_easy_setopt_write_function(handle, function))
    }

    /// Replaces the request headers (`CURLOPT_HTTPHEADER` with a `curl_slist`).
    func setHeaders(_ headers: [String]) throws {
        var list: UnsafeMutablePointer<curl_slist>?
        for header in headers {
            guard let appended = curl_slist_append(list, header) else {
                curl_slist_free_all(list)
                throw CurlError(CURLE_OUT_OF_MEMORY)
            }
            list = appended
        }
        try check(wc_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, list))
        curl_slist_free_all(headerList)
        headerList = list
    }

    /// `CURLINFO_RESPONSE_CODE`: 0 until a status line has arrived.
    var responseCode: Int {
        var code = 0
        _ = wc_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    /// `CURLINFO_CONTENT_TYPE`, if the server sent one.
    var contentType: String? {
        var text: UnsafeMutablePointer<CChar>?
        guard wc_easy_getinfo_string(handle, CURLINFO_CONTENT_TYPE, &text) == CURLE_OK, let text else { return nil }
        return String(cString: text)
    }

    /// libcurl's detailed message for the last failure (`CURLOPT_ERRORBUFFER`), or "".
    var lastErrorDetail: String {
        String(cString: errorBuffer)
    }

    func error(for code: CURLcode) -> CurlError {
        CurlError(code, detail: lastErrorDetail)
    }

    private func check(_ code: CURLcode) throws {
        guard code == CURLE_OK else { throw CurlError(code) }
    }
}

/// A multi handle driving one transfer at a time; it gives a poll that another thread can wake,
/// which is how a shutdown ends a quiet transfer at once. The C functions are `curl_multi_*`.
final class CurlMulti: @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer

    init() throws {
        _ = Curl.initialised
        guard let handle = curl_multi_init() else { throw CurlError(CURLE_FAILED_INIT) }
        self.handle = handle
    }

    deinit {
        curl_multi_cleanup(handle)
    }

    func add(_ easy: CurlEasy) throws {
        try check(curl_multi_add_handle(handle, easy.handle))
    }

    func remove(_ easy: CurlEasy) {
        _ = curl_multi_remove_handle(handle, easy.handle)
    }

    /// `curl_multi_perform`: moves transfers on; returns how many are still running.
    func perform() throws -> Int {
        var running: Int32 = 0
        try check(curl_multi_perform(handle, &running))
        return Int(running)
    }

    /// `curl_multi_poll`: waits for activity, the timeout, or `wakeup()`.
    func poll(timeoutMilliseconds: Int) throws {
        var ready: Int32 = 0
        try check(curl_multi_poll(handle, nil, 0, Int32(timeoutMilliseconds), &ready))
    }

    /// `curl_multi_wakeup`: ends a `poll` early. Safe to call from any thread.
    func wakeup() {
        _ = curl_multi_wakeup(handle)
    }

    /// The result of the finished transfer, if one finished (`curl_multi_info_read`).
    func finishedResult() -> CURLcode? {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(handle, &queued) {
            if message.pointee.msg == CURLMSG_DONE { return message.pointee.data.result }
        }
        return nil
    }

    private func check(_ code: CURLMcode) throws {
        guard code == CURLM_OK else { throw CurlError(multi: code) }
    }
}

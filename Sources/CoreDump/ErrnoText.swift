import Glibc

/// The text of the error number `code`, by default the current `errno`.
func errnoText(_ code: Int32 = errno) -> String {
    String(cString: strerror(code))
}

/// The program's version, shown by `wikichime version` and sent in the User-Agent. Board/cross/
/// common.sh and Board/make-deb.sh read it from this file with sed: keep the line as it is.
public enum Wikichime {
    public static let version = "0.1.0"
    public static let projectURL = "https://github.com/wikichime/wikichime"
}

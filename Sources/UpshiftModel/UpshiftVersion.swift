/// The version of Upshift: `upshift --version` prints it, and plans, journals and reports record it.
public enum UpshiftVersion {
    public static let current = "0.1.0"
}

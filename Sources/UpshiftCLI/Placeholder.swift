import ArgumentParser
public enum UpshiftMain { public static func main() async { print("upshift") } }

import ArgumentParser

/// One slice of a corpus, `--shard I/N` (I from 0 to N−1): the lines whose number n has
/// (n − 1) mod N = I, so N shards cover every line once whatever their lengths, and a scheduler's
/// array index (Slurm's `$SLURM_ARRAY_TASK_ID`, a Ray task's index) is the shard.
struct Shard: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByArgument {
    /// This shard, 0-based.
    var index: Int
    /// How many shards there are.
    var count: Int

    init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    init?(argument: String) {
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= 1_000_000, (0..<n).contains(i) else { return nil }
        self.init(index: i, count: n)
    }

    /// Whether 1-based line `number` is in this shard.
    func contains(line number: Int) -> Bool { (number - 1) % count == index }

    var description: String { "\(index)/\(count)" }
    static var defaultValueDescription: String { "0/1" }
}

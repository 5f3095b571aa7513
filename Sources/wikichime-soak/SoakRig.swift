import Audio
import EditStream
import Logging
import Panel
import Platform
import Score
import Synth

/// The box's parts behind the stream, wired as `wikichime run` wires them, on the virtual clock:
/// each event's JSON goes through `EditPipeline` (selection, decoding, de-duplication) and
/// `Score` (notes, throttle); a cue that plays goes to the synthesiser, rendered into a
/// `NullSink` up to the event's virtual time, and to the `Panel` as a flash. The panel runs on
/// fake hardware: counting LEDs, and buttons pressed now and then (volume up, then down).
/// Everything runs on the stream client's thread.
final class SoakRig {
    /// The soak's time: event i happens at i / rate seconds; only the stream client's thread moves it.
    let clock = ManualClock()
    let sink: NullSink
    let renderer: OfflineRenderer
    let leds = CountingLEDs()
    let buttons = FakeButtons()
    let panel: Panel
    private var pipeline: EditPipeline
    private var score = Score()
    private var volume = 0.5
    /// When the panel next needs a turn without a note (an LED deadline, a button edge).
    private var panelDue = 0.0
    private var nextPressAt = SoakRig.pressInterval / 2
    private(set) var notesPlayed = 0
    private(set) var cuesDropped = 0
    private(set) var audioFailures = 0
    private(set) var buttonPresses = 0
    private(set) var buttonActions = 0

    /// A volume-up and a volume-down press every ten virtual minutes.
    static let pressInterval = 600.0

    init(selection: WikiSelection, sampleRate: Int, logger: Logger) {
        pipeline = EditPipeline(selection: selection, rules: SoundRules())
        sink = NullSink(sampleRate: sampleRate)
        // The product's audio settings (48 voices, notes ring 4.4 s) and its default volume.
        renderer = OfflineRenderer(sink: sink, settings: AudioEngineSettings(), volume: volume)
        panel = Panel(leds: leds, buttons: buttons, status: .connecting, clock: clock, logger: logger)
    }

    var counters: EditCounters { pipeline.counters }
    var activeVoices: Int { renderer.synth.activeVoices }

    /// One event from the stream, at its virtual time (seconds).
    func handle(_ json: UnsafeRawBufferPointer, at time: Double) {
        if time > clock.now() { clock.set(time) }
        var flashed = false
        if let edit = pipeline.process(json) {
            let cue = score.cue(for: edit, at: time)
            if cue.dropped == nil {
                notesPlayed += 1
                do { try renderer.play(Note(cue), at: time) } catch { audioFailures += 1 }
                panel.note(Self.noteKind(cue.instrument), delta: edit.delta)
                flashed = true
            } else {
                cuesDropped += 1
            }
        }
        pressButtonsIfDue()
        if flashed || clock.now() >= panelDue { stepPanel() }
    }

    /// The stream is up: the status LED's heartbeat.
    func connected() {
        panel.setStatus(.connected)
        stepPanel()
    }

    /// Renders the audio up to `seconds` (no tail: exactly the virtual time played) and closes the sink.
    func finish(at seconds: Double) {
        if seconds > clock.now() { clock.set(seconds) }
        stepPanel()
        do { try renderer.finish(at: seconds, tail: 0) } catch { audioFailures += 1 }
    }

    private func stepPanel() {
        for event in panel.step() {
            guard case let .action(action) = event else { continue }
            buttonActions += 1
            // As the daemon does, in steps of 5 %; up then down leaves the volume where it was.
            switch action {
            case .volumeUp: volume = min(0.8, volume + 0.05)
            case .volumeDown: volume = max(0, volume - 0.05)
            case .nextLanguage, .toggleMute: break
            }
            renderer.synth.volume = volume
        }
        panelDue = min(panel.nextDeadline ?? .infinity, buttons.nextEdgeTime ?? .infinity)
    }

    /// Queues a short press of volume-up and one of volume-down, as the kernel would report them.
    private func pressButtonsIfDue() {
        guard clock.now() >= nextPressAt else { return }
        let at = nextPressAt
        buttons.edge(.volumeUp, pressed: true, at: at)
        buttons.edge(.volumeUp, pressed: false, at: at + 0.15)
        buttons.edge(.volumeDown, pressed: true, at: at + 0.6)
        buttons.edge(.volumeDown, pressed: false, at: at + 0.75)
        buttonPresses += 2
        nextPressAt += Self.pressInterval
        panelDue = min(panelDue, at)
    }

    /// The LED of a cue, as the daemon's panel part chooses it.
    static func noteKind(_ instrument: Instrument) -> NoteKind {
        switch instrument {
        case .celesta: .addition
        case .clav: .deletion
        case .swell: .newUser
        }
    }
}

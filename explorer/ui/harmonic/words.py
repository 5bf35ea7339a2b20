"""The Harmonic GAN page's words: their English, marked for the catalogue
(explorer/locale/<lang>/LC_MESSAGES/explorer.po holds the other languages')."""

from explorer.i18n import C_, N_, Text

WORDS: dict[str, Text] = {
    "harm_step10": N_("×10"),
    "harm_step10_help": N_("Ten steps, then pause."),
    "harm_new_target": N_("Give this game the new curve"),
    "harm_new_target_help": N_(
        "The real points move to the curve set above; G and D keep what they learnt. Watch G's points follow."
    ),
    "harm_title": N_("Harmonic GAN: a GAN learns a curve"),
    "harm_intro": N_(
        "The student slides' smallest GAN: the real data are 1,024 points on a curve (y = sin x to start with; "
        "the sidebar changes it), G turns 2 random numbers into a point (x, y), D tells real points from G's. "
        "Everything is in one plane, so you can watch the game."
    ),
    "harm_harmonics_none": N_("none (for example 0.5, 0.25)"),
    "harm_setup": N_("The game"),
    "harm_recipe": N_("Recipe"),
    "harm_curve_kind": N_("Real data"),
    "harm_amplitude": N_("Amplitude (radius)"),
    "harm_frequency": N_("Frequency"),
    "harm_phase": N_("Phase"),
    "harm_harmonics": N_("Harmonics (2nd, 3rd, …)"),
    "harm_harmonics_help": N_(
        "Relative amplitudes of the higher harmonics, separated by commas: 0.5, 0.25 adds "
        "half a sin 2x and a quarter of a sin 3x."
    ),
    "harm_harmonics_bad": N_(
        "“{part}” is not a number: harmonics are numbers separated by commas, for example 0.5, 0.25."
    ),
    "harm_noise": N_("Noise on y"),
    "harm_epochs": N_("Epochs"),
    "harm_compare": N_("Beside it: the slides' recipe"),
    "harm_compare_help": N_("Trains the slides' recipe, as written, next to the chosen one on the same curve."),
    "harm_new_run": N_("New game with these settings"),
    "harm_ask_body": N_(
        "The game on the screen has trained: a new game starts again from untrained networks, and this one "
        "and everything recorded of it are thrown away."
    ),
    "harm_ask_new": N_("Start a new game"),
    "harm_play": C_("start the game", "Play"),
    "harm_pause": N_("Pause"),
    "harm_step": N_("Step"),
    "harm_step_help": N_("One training step of the chosen net(s), then pause."),
    "harm_train_what": C_("which networks learn", "Train"),
    "harm_speed": N_("Speed"),
    "harm_lr_d": N_("D learning rate"),
    "harm_lr_g": N_("G learning rate"),
    "harm_d_steps": N_("D steps per G step"),
    "harm_d_steps_help": N_("Changes apply at once, without starting over."),
    "harm_manifold": C_("a chart legend", "G's manifold"),
    "harm_arrows": N_("push on G's points"),
    "harm_fake": N_("G's points"),
    "harm_real": N_("real points"),
    "harm_curve": N_("the curve"),
    "harm_starting": N_("Starting the game…"),
    "harm_look_back": N_("Look back (recorded moments)"),
    "harm_moment": N_("epoch {epoch} ({seconds} s)"),
    "harm_look_back_help": N_("Every moment the page drew is kept: move back to see the game then."),
    "harm_status": N_(
        "**{state}** · epoch {epoch} · step {step} · {seconds} s of training · D(x) {d_real} · D(G(z)) {d_fake}"
    ),
    "harm_distance": N_("Distance"),
    "harm_distance_help": N_(
        "Mean |y − sin x| of 2,000 generated points (for the circle and moons: the distance "
        "to the nearest point of the curve). Goal: 0.05 or less."
    ),
    "harm_within": N_("Within 0.1"),
    "harm_within_help": N_("Share of generated points closer than 0.1 to the curve. Goal: 90%\u00a0or more."),
    "harm_coverage": N_("Coverage gap"),
    "harm_coverage_help": N_(
        "How unevenly G's points cover the curve: the Wasserstein distance of their x (their "
        "place along the curve) to an even spread, in units of x. 0 is even; 1,000 truly "
        "even points score about 0.06. Goal: 0.1 or less."
    ),
    "harm_js_help": N_(
        "Jensen–Shannon divergence between real and generated points counted on a 48×48 grid "
        "(as GAN Lab charts it): 0 = the same, 1 = nothing in common."
    ),
    "harm_losses": N_("Losses"),
    "harm_fit": N_("Fit (log scale; dashed: goals 0.05 and 0.1)"),
    "harm_replay": N_("Replay the whole game (plays in the browser)"),
    "harm_how_to_read": N_("How to read the picture"),
    "harm_how_to_read_body": N_(
        "- **Green dots** are the real points, **purple dots** are G's.\n"
        "- **The background** is D's opinion: green where it says *real*, purple where it says *fake*, white where "
        "it cannot tell. When G has won, the background is white where the curve is.\n"
        "- **The faint purple grid** is G's manifold: where a grid of latent points (z) lands. It shows how G folds "
        "the flat 2-D noise onto the curve.\n"
        "- **The short lines** show where G's loss pushes each of its points: up D's slope, towards *real*.\n"
        "- Train **D only** and watch the background sharpen; then **G only** and watch the points run up the "
        "slope. Turn D's learning rate up and the game loses its balance."
    ),
}

# starting one network again: the button and its help
RESETS: dict[str, Text] = {
    "d": N_("New D"),
    "d_help": N_(
        "D starts again from random weights; G keeps what it learnt. Watch D's map go blank "
        "and G's points drift until D learns the curve again."
    ),
    "g": N_("New G"),
    "g_help": N_(
        "G starts again from random weights; D keeps what it learnt. Watch a trained D pull a new G onto the curve."
    ),
}

# a game's state, as its caption says it
STATES: dict[str, Text] = {
    "starting": N_("Starting"),
    "running": N_("Training"),
    "paused": N_("Paused"),
    "finished": N_("Finished"),
    "stopped": N_("Stopped"),
    "failed": N_("Failed"),
}

# what the chart shows, each with its checkbox
LAYERS: dict[str, Text] = {
    "heat": N_("D's opinion"),
    "manifold": N_("G's manifold"),
    "arrows": N_("Push on G's points"),
    "real": N_("Real points"),
}

# how fast the game is shown
SPEED_WORDS: dict[str, Text] = {
    "full": N_("full"),
    "slow": N_("slow"),
    "slower": N_("slower"),
    "slowest": N_("slow motion"),
}

# which networks a step trains
PHASE_WORDS: dict[str, Text] = {
    "both": N_("both"),
    "d": N_("D only"),
    "g": N_("G only"),
}

# the curves a game can learn
CURVES: dict[str, Text] = {
    "sine": N_("sine"),
    "circle": N_("circle"),
    "moons": N_("two moons"),
}

"""The Latent space page's words: their English, marked for the catalogue
(explorer/locale/<lang>/LC_MESSAGES/explorer.po holds the other languages')."""

from explorer.i18n import N_, Text

WORDS: dict[str, Text] = {
    "latent_mode_help": N_(
        "lerp: the straight line, which passes closer to the origin than any point G was trained on; "
        "slerp: along the sphere where random points live (usually sharper in the middle)."
    ),
    "latent_help": N_("How many random numbers G turns into a picture."),
    "latent_title": N_("Latent space"),
    "latent_intro": N_(
        "Every picture G draws comes from a point z of random numbers. Walk from one point to another and "
        "watch one digit turn into the next; move along the directions in which G's pictures change most."
    ),
    "latent_generator": N_("Generator"),
    "latent_live": N_("The Train page's run (epoch {epoch}, live)"),
    "latent_none": N_(
        "No generator yet: none is shipped in checkpoints/, and the Train page has not finished an "
        "epoch. Train for an epoch, then come back."
    ),
    "latent_scores": N_("judge: score {score}, digits {low}–{high}"),
    "latent_how_made": N_("How it was made"),
    "latent_trained": N_("epochs: {epochs}, {seconds} s on {device}"),
    "latent_walk": N_("From A to B"),
    "latent_seed_a": N_("Point A (seed)"),
    "latent_seed_b": N_("Point B (seed)"),
    "latent_reroll": N_("Another"),
    "latent_mode": N_("Path"),
    "latent_frames": N_("Frames in the strip"),
    "latent_t_help": N_("0 = A, 1 = B"),
    "latent_directions": N_("Directions"),
    "latent_directions_help": N_(
        "The directions in which G's pictures change most. Each slider moves the same eight pictures along one "
        "direction."
    ),
    "latent_directions_how": N_(
        "GANSpace (Härkönen et al. 2020): the principal components of G's first layer over many random points, "
        "carried back to z."
    ),
    "latent_direction": N_("Direction {i} ({share} of the variance)"),
    "latent_psi": N_("Truncation ψ"),
    "latent_psi_help": N_("Below 1: points pulled toward the centre — more typical, less varied pictures."),
    "latent_samples_seed": N_("Samples (seed)"),
    "latent_new_samples": N_("New samples"),
    "latent_centre": N_("Back to the centre"),
    "latent_path": N_("A path through several points"),
    "latent_path_seeds": N_("Points along the way (seeds)"),
    "latent_path_help": N_("Seeds separated by commas; the walk goes through them in order and back to the first."),
    "latent_path_error": N_("Write at least two seeds (whole numbers) separated by commas, e.g. 1, 2, 3."),
    "latent_path_caption": N_("{points}, 12 frames between each two ({mode}), looping."),
    "latent_path_download": N_("The walk as a GIF"),
    "latent_arithmetic": N_("Latent arithmetic"),
    "latent_arith_plus": N_("Add the average z of G's…"),
    "latent_arith_minus": N_("…minus the average z of its…"),
    "latent_arith_strength": N_("How much"),
    "latent_arith_caption": N_(
        "Averages over the {n_a} samples the judge read as {a} and the {n_b} it read as {b}, out of 4,000."
    ),
    "latent_arith_rows": N_("Top: the samples (judged {top}). Bottom: the same plus the difference (judged {bottom})."),
    "latent_from_own": N_("Start from your digit (instead of A)"),
    "latent_project": N_("Your own digit in the latent space"),
    "latent_project_upload": N_("A photo or drawing of one digit"),
    "latent_project_draw_tab": N_("Draw it"),
    "latent_project_upload_tab": N_("Upload a photo"),
    "latent_project_draw": N_("Draw one digit, big, in the middle of the pad."),
    "latent_project_clear": N_("Clear"),
    "latent_project_help": N_(
        "Dark on light paper or light on dark, any size: it is cropped, centred and shrunk to 28×28 the way MNIST was."
    ),
    "latent_project_go": N_("Find it in the latent space"),
    "latent_projecting": N_("Searching for the z whose picture looks most like yours, to the eye and to the judge…"),
    "latent_project_ready": N_("Your digit, as G will see it"),
    "latent_project_caption": N_(
        "Left: your digit. Right: the closest picture G can draw (pixel "
        "error {first} → {last}; the judge "
        "reads a {digit}). The walk above now starts from it."
    ),
    "latent_judged": N_("The judge reads: {digits}"),
    "latent_point": N_("Point {which}"),
    "latent_by_seed": N_("by seed"),
    "latent_a_digit": N_("a {digit}"),
    "latent_seed": N_("Seed"),
    "latent_which_one": N_("Which one (1–{n})"),
    "latent_no_digit": N_("G drew no {digit} among {n} samples: pick another digit or a seed."),
    "latent_web_loading": N_("Loading the generator into your browser…"),
    "latent_web_failed": N_("Your browser could not run the generator; the server will draw the pictures."),
    "latent_on_server": N_(
        "The server draws every picture here ({why}): a slider answers more slowly than when your browser draws them."
    ),
    "latent_no_wasm": N_("this browser has no WebAssembly"),
}

# the ways to walk
MODES: dict[str, Text] = {
    "slerp": N_("slerp"),
    "lerp": N_("lerp"),
}

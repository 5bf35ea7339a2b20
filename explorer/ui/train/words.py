"""The Train page's words: their English, marked for the catalogue
(explorer/locale/<lang>/LC_MESSAGES/explorer.po holds the other languages')."""

from explorer.i18n import C_, N_, Text

WORDS: dict[str, Text] = {
    "fix_try": N_("Try {fixes}."),
    "train_title": N_("Train a GAN"),
    "train_intro": N_(
        "Pick a recipe in the sidebar and press Start. After every epoch the generator draws the same 16 "
        "noise vectors again, so you see the same pictures take shape."
    ),
    "settings": N_("Training settings"),
    "preset": N_("Recipe"),
    "dataset": N_("Pictures"),
    "epochs": N_("Epochs"),
    "hyper": N_("Hyperparameters"),
    "lr_d": N_("D learning rate"),
    "lr_d_help": N_("How big D's steps are. Lower it when D wins too easily."),
    "lr_g": N_("G learning rate"),
    "lr_g_help": N_("How big G's steps are."),
    "beta1": N_("Adam β1 (momentum)"),
    "beta1_help": N_("The DCGAN paper uses 0.5: the default 0.9 makes the game oscillate."),
    "batch": N_("Batch size"),
    "batch_help": N_("Pictures per step."),
    "latent": N_("Noise size (latent)"),
    "smooth": N_("Real label (smoothing)"),
    "smooth_help": N_("D's target for real pictures: 0.9 keeps D from getting over-confident."),
    "half": N_("Half batch for D"),
    "half_help": N_("D sees half a batch of real and half of fake pictures (lecture notes)."),
    "d_steps": N_("D steps per G step"),
    "d_steps_help": N_("Train D k times for each G update."),
    "skip_d": N_("Skip D while its loss is below"),
    "skip_d_help": N_("0 = never. Gives G a chance when D wins (lesson on training problems)."),
    "lr_vae": N_("Learning rate"),
    "lr_vae_help": N_("How big the steps of the encoder and the decoder are."),
    "beta1_vae_help": N_("A VAE is not a game between two nets: Adam's usual 0.9 works."),
    "latent_vae_help": N_("How many numbers the encoder squeezes a picture into, and the decoder draws from."),
    "kl_weight": N_("Weight of the KL term"),
    "kl_weight_help": N_(
        "1 is the VAE. Lower: sharper rebuilt pictures, but random noise decodes to worse ones. "
        "Higher: a smoother latent space and blurrier pictures."
    ),
    "start": N_("Start"),
    "pause": N_("Pause"),
    "resume": N_("Resume"),
    "stop": N_("Stop"),
    "reset": N_("Reset"),
    "new_run": N_("New run"),
    "ask_run_body": N_(
        "The current run has trained **{epoch} epochs** ({step} steps). Its pictures, charts and "
        "checkpoint will be lost: to keep them, press *Keep it* and use the downloads below the charts "
        "(they appear once the run is paused or stopped)."
    ),
    "ask_new_run": N_("Discard it and start anew"),
    "ask_reset": N_("Discard it"),
    "no_run": N_("Nothing is training yet: press Start."),
    "loading": N_("Preparing the data…"),
    "paused": N_("Paused."),
    "stopped": N_("Stopped."),
    "finished": N_("Finished."),
    "progress": N_("Epoch {epoch}/{total} · step {step} · {rate} images/s · {device} · ETA {eta}"),
    "duration_s": N_("{s} s"),
    "duration_min": N_("{m} min {s} s"),
    "duration_h": N_("{h} h {m} min"),
    "generated": N_("Generated (the same noise every epoch)"),
    "real": N_("Real pictures"),
    "losses_chart": N_("Losses"),
    "dx_chart": N_("D(x) and D(G(z)): D's belief that a picture is real"),
    "reconstructed": N_("The same pictures, rebuilt by the VAE"),
    "vae_losses_chart": N_("Losses: reconstruction and KL (per picture)"),
    "timeline": N_("Look back: epoch"),
    "follow": N_("Follow the latest epoch"),
    "explain": N_("What am I looking at?"),
    "explain_body": N_(
        "**D loss** falls when D tells real from fake; **G loss** falls when G fools D. In a healthy game "
        "neither wins for long: the two curves wander around each other. **D(x)** is D's average "
        "belief that real pictures are real, **D(G(z))** the same for G's pictures; if D(G(z)) sinks "
        "to 0 and stays there, D has won and G learns little: lower D's learning rate, skip D's "
        "update while its loss is low, or smooth the real labels."
    ),
    "explain_vae_body": N_(
        "A **VAE** is not a GAN: nobody judges its pictures. Its **encoder** squeezes each real picture into "
        "a few numbers (a point in the latent space, with some uncertainty), and its **decoder** draws the "
        "picture back from them. **Reconstruction loss** falls as the rebuilt pictures get closer to the "
        "real ones. **KL loss** measures how far the encoder's points stray from plain random noise; "
        "keeping it small is what lets the decoder draw a new picture from any random noise vector. "
        "Because it is rewarded for being right *on average*, a VAE's pictures come out blurrier than a "
        "GAN's."
    ),
    "problems": N_("Training problems, one click each"),
    "problems_intro": N_(
        "Each button starts a run that provokes one of the problems from the lesson, on this "
        "computer, within a minute. Then the page says what to watch and offers the fix."
    ),
    "problem_show": N_("Show it"),
    "problem_shown": N_("This run shows a training problem: {title}"),
    "problem_fixed": N_("This run tries the fix for: {title}"),
    "problem_watch": N_("What to watch:"),
    "problem_fix": N_("Try the fix"),
    "exports": N_("Take it with you"),
    "gif": N_("Training as a GIF"),
    "csv": N_("Losses (CSV)"),
    "ckpt": N_("Checkpoint"),
    "config_json": N_("Settings (JSON)"),
    "exports_when": N_("Pause or stop the training to download its results."),
    "d_wins": N_(
        "**D is winning.** It spots almost every fake (D(G(z)) ≈ 0), so G gets almost no signal to learn from."
    ),
    "judge_score": N_("score"),  # the judge's, on the quality chart's curve
    "quality_chart": N_("Digit judge: score per epoch, and which digits G draws"),
    "mode_collapse": N_(
        "**Mode collapse?** The judge sees G drawing mostly {detail}: it has found a few pictures that fool D "
        "and forgets the other digits."
    ),
    "no_variety": N_(
        "**Mode collapse?** G's pictures have stopped varying: they differ from one another only {detail} as "
        "much as real pictures do. It has found one picture that fools D and draws it for every noise "
        "vector."
    ),
    # what to try (explorer/gan/diagnostics.py FIXES), without what the run already does
    "upload": N_("A zip of pictures (or several picture files)"),
    "upload_help": N_(
        "PNG, JPEG, GIF, BMP, WebP or TIFF; each is cropped to its central square and shrunk. Faces, "
        "cats, leaves: a few hundred similar pictures are enough to see something (the slides used "
        "10,000 faces). Files that are not pictures are skipped and counted."
    ),
    "picture_size": N_("Train at"),
    "upload_first": N_("Upload pictures to train on them."),
    "reading": N_("Reading the pictures…"),
    "too_few_for_batch": N_(
        "{pictures} are fewer than one batch for D ({batch}): upload more or choose a smaller batch."
    ),
    "pictures_gone": N_("The pictures read for this run are no longer here. Upload them again and press Start."),
    "start_failed": N_("Could not start: {error}. Free some disk space and press Start again."),
    "epoch_n": N_("epoch {n}"),
    "axis_step": N_("step"),
    "axis_epoch": N_("epoch"),
    "axis_digit": N_("digit"),
    "per_epoch": N_("epoch mean"),
    "click_hint": N_("click an epoch's dot to see its pictures"),
    # Recorded runs (recordings.py)
    "rec_title": N_("Recorded runs of the lesson's recipes"),
    "rec_intro": N_(
        "The lesson's own recipes need 15 minutes or more on a laptop. Each one was trained once to the end "
        "on the 5,000 digits that come with the app: watch it at any speed, stop anywhere, and carry on "
        "training live from there."
    ),
    "rec_open": N_("Watch the recording"),
    "rec_about": N_("{epochs}, trained in {duration}"),
    "rec_broken": N_("This recording cannot be read: {error}"),
    "rec_playing": N_("Recording: {title}"),
    "rec_made": N_("Trained once on {device} in {duration}. {data}"),
    "rec_play": C_("play a recording", "Play"),
    "rec_pause": N_("Pause"),
    "rec_again": N_("Again"),
    "rec_speed": N_("Epochs per second"),
    "rec_continue": N_("Train live from here"),
    "rec_close": N_("Close the recording"),
    "rec_progress": N_("Epoch {epoch} of {total} (recorded)"),
    "rec_epoch": N_("Epoch of the recording"),
    "rec_continue_from": N_(
        "“Train live from here” goes on from epoch {epoch}: the latest of the epochs whose networks the "
        "recording keeps ({kept})."
    ),
}

# the charts' curves, by the trainer's metric
CURVES: dict[str, Text] = {
    "d_loss": N_("D loss"),
    "g_loss": N_("G loss"),
    "d_real": N_("D(x)"),
    "d_fake": N_("D(G(z))"),
    "recon": N_("reconstruction"),
    "kl": N_("KL"),
}

# what a recipe's fix changes, by the setting's name (explorer/ui/train/view.py)
FIXES: dict[str, Text] = {
    "lower_lr_d": N_("a lower D learning rate"),
    "skip_d": N_("skipping D's update while its loss is below 0.3"),
    "smooth": N_("smoothing the real labels to 0.9"),
    "lower_lr": N_("lower learning rates"),
    "seed": N_("another seed"),
}

# the data a run trains on, by its name in the settings
DATASETS: dict[str, Text] = {
    "mnist": N_("MNIST (digits)"),
    "fashion": N_("Fashion-MNIST (clothes)"),
    "pictures": N_("Your own pictures"),
}

